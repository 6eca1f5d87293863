"""Warm a freshly started process up before it serves anyone (issue 13).

The first request after a start took 0.25–0.5 s: templates compiled, URL patterns and
content types read, the Dutch analysis loaded, the Redis client imported, connections made.
gunicorn (gunicorn.conf.py) calls `warm_up()` once in the master process, before it forks its
workers, so they all start warm and share that memory; then `warm_worker()` in each worker
makes its own connections before it takes its first request. What the master loaded is
frozen for the garbage collector (`freeze_heap`).
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


def _populate(resolver) -> None:
    """Build the reverse lookup of every URL namespace: `reverse()` builds it on first use,
    one regular expression per pattern (60 ms here), and every page reverses a URL."""
    resolver.reverse_dict  # noqa: B018
    for _prefix, namespaced in resolver.namespace_dict.values():
        _populate(namespaced)


def _touch_caches() -> None:
    """Import the cache clients (the Redis client's import alone took 80 ms) without
    connecting: a connection made here would be shared by the forked workers."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        getattr(caches[alias], "_cache", None)


def _serve_once(path: str) -> None:
    """One anonymous GET through the WSGI application: the lazy imports and first-call costs
    along the way (middleware, sessions, CSP, the login template) are paid here."""
    from django.test.client import RequestFactory

    from integriteitsplein.wsgi import application  # the one gunicorn preloaded

    host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".").replace("*", "localhost")
    request = RequestFactory(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
    environ = request._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    b"".join(application(environ, lambda status, headers, exc_info=None: None))


def _disconnect_caches() -> None:
    """Never hand a Redis connection made here to the forked workers: each makes its own."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        client = getattr(caches[alias], "_cache", None)
        for pool in getattr(client, "_pools", {}).values():
            pool.disconnect()
        getattr(client, "_pools", {}).clear()
        getattr(client, "_clients", {}).clear()  # cache_backend.OneClientPerPool's, per pool


def warm_up() -> None:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver

    _populate(get_resolver())
    _touch_caches()
    for name in _templates():
        try:
            get_template(name)  # compiled once, kept by the cached template loader
        except Exception:
            logger.warning("Voorbereiden: sjabloon %s niet geladen", name)
    try:
        from search.analysis import analyze

        analyze("integriteit melden vertrouwenspersoon")  # stemmer and word lists
        ContentType.objects.get_for_models(*apps.get_models())  # the content type cache
        _serve_once("/inloggen/")  # the whole middleware chain and a page's code paths
    except Exception:
        # The database may not be up yet: the workers then fill these on first use.
        logger.warning("Voorbereiden: database niet bereikbaar; de eerste verzoeken zijn trager")
    finally:
        connections.close_all()  # never share a database connection with forked workers
        _disconnect_caches()
    freeze_heap()


# Container objects allocated (net) before the youngest generation is collected; Python's
# default is 700. See freeze_heap.
GC_YOUNGEST_THRESHOLD = 20_000


def freeze_heap() -> None:
    """Move everything loaded so far out of the garbage collector's sight (gc.freeze), and
    collect the youngest generation less often.

    A loaded Django and Wagtail are a few hundred thousand objects, and a full collection
    walks them all: 130 ms of CPU each, measured with the search bench at 10,000 pages,
    where a search that builds 10,000 results set one off every few searches (the p95).
    Frozen, a full collection walks only what the requests made since. With the default
    thresholds a search of 10,000 results still ran ~80 young collections, each promoting
    its results towards the old generation and so setting off a full collection every
    other search; at 20,000 most results are freed before a collection sees them
    (docs/performance.md: search CPU p95 from 148 to 103 ms, one round each). In the
    master, before the fork, freezing also keeps the collector from writing to every
    shared memory page. ADR 0026."""
    import gc

    gc.collect()
    gc.freeze()
    _threshold, *older = gc.get_threshold()
    gc.set_threshold(GC_YOUNGEST_THRESHOLD, *older)


def warm_worker() -> None:
    """In each forked worker, before it serves anyone (gunicorn's post_fork): its own database
    and Redis connections, and one request through the application, so that the first reader
    a worker gets does not pay for connecting (30-40 ms here)."""
    from django.db import connection

    try:
        connection.ensure_connection()
        _serve_once("/inloggen/")
    except Exception:
        logger.warning("Voorbereiden van de worker: database of cache niet bereikbaar")
