"""Elasticsearch: the Dutch analyzer as index settings (tested as data), and a live test.

No Elasticsearch server runs on the build machines: `test_live_cluster_*` runs only when
ELASTICSEARCH_URL is set (see README, "Zoeken").
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from wagtail.models import Page

import pytest

from kennisbank.models import ContentPage
from search.backends.elasticsearch import DutchElasticsearchBackend
from tests.kennisbank.factories import ContentPageFactory

ROOT = Path(__file__).resolve().parents[2]


def _backend(**params):
    return DutchElasticsearchBackend({"URLS": ["http://localhost:9200"], **params})


def test_index_settings_hold_the_dutch_analyzer():
    analysis = _backend().settings["settings"]["analysis"]

    default = analysis["analyzer"]["default"]
    assert default["tokenizer"] == "standard"
    assert default["filter"] == [
        "lowercase",
        "asciifolding",
        "dutch_stop",
        "dutch_overrides",
        "dutch_stemmer",
    ]
    search = analysis["analyzer"]["default_search"]
    assert search["filter"].index("dutch_synonyms") < search["filter"].index("dutch_stemmer")
    assert analysis["filter"]["dutch_stemmer"] == {"type": "stemmer", "language": "dutch"}
    synonyms = analysis["filter"]["dutch_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert "klokkenluider => klokkenluider, misstand melden" in synonyms["synonyms"]
    assert "vp => vp, vertrouwenspersoon" in synonyms["synonyms"]
    assert "melden => meld" in analysis["filter"]["dutch_overrides"]["rules"]
    # Wagtail's own autocomplete analyzers are kept.
    assert "edgengram_analyzer" in analysis["analyzer"]


def test_each_backend_gets_its_own_copy_of_the_settings():
    one, other = _backend(), _backend()
    one.settings["settings"]["analysis"]["analyzer"]["default"]["filter"].append("x")
    assert "x" not in other.settings["settings"]["analysis"]["analyzer"]["default"]["filter"]


def test_page_text_fields_use_the_default_dutch_analyzer():
    """No mapping names another analyzer, so ES applies `default` / `default_search`."""
    mapping = _backend().mapping_class(Page).get_mapping()
    title = mapping["properties"]["title"]
    assert title["type"] == "text"
    assert "analyzer" not in title


def test_settings_pick_elasticsearch_when_a_url_is_set():
    env = {**os.environ, "ELASTICSEARCH_URL": "http://es.example:9200"}
    env.pop("DATABASE_URL", None)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])"
    )
    result = subprocess.run(  # noqa: S603 - a fixed command, no outside input
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "integriteitsplein.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "search.backends.elasticsearch"


def test_settings_pick_the_dutch_database_backend_by_default(settings):
    if os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("ELASTICSEARCH_URL is set")
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.backends.database"


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="no ELASTICSEARCH_URL")
@pytest.mark.django_db
def test_live_cluster_finds_dutch_forms(home_page):
    backend = DutchElasticsearchBackend(
        {
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX_PREFIX": f"test_{uuid.uuid4().hex[:8]}_",
        }
    )
    page = ContentPageFactory(
        parent=home_page, title="Vertrouwenspersonen", intro="Meldingen van misstanden."
    )
    index = backend.get_index_for_model(Page)
    try:
        index.reset()  # creates the index with the Dutch settings
        index.add_model(ContentPage)
        index.add_items(ContentPage, [page])
        index.refresh()
        for query in ("vertrouwenspersoon", "melding", "misstand", "VP", "klokkenluider"):
            found = [p.pk for p in backend.search(query, Page)]
            assert page.pk in found, query
    finally:
        index.delete()
