"""Warm a freshly started process up before it serves anyone (issue 13).

The first request after a start took 0.25–0.5 s: templates compiled, URL patterns and
content types read, the Dutch analysis loaded. gunicorn (gunicorn.conf.py) calls
`warm_up()` once in the master process, before it forks its workers, so they all start
warm and share that memory.
"""

import logging
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def _templates() -> list[str]:
    names = []
    for directory in settings.TEMPLATES[0]["DIRS"]:
        root = Path(directory)
        names += [str(p.relative_to(root)) for p in root.rglob("*.html")]
    return names


def warm_up() -> None:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - builds the URL resolver
    for name in _templates():
        try:
            get_template(name)  # compiled once, kept by the cached template loader
        except Exception:
            logger.warning("Voorbereiden: sjabloon %s niet geladen", name)
    try:
        from search.analysis import analyze

        analyze("integriteit melden vertrouwenspersoon")  # stemmer and word lists
        ContentType.objects.get_for_models(*apps.get_models())  # the content type cache
    except Exception:
        # The database may not be up yet: the workers then fill these on first use.
        logger.warning("Voorbereiden: database niet bereikbaar; de eerste verzoeken zijn trager")
    finally:
        connections.close_all()  # never share a database connection with forked workers
