"""The Dutch database backends' ranked rows: the same order as a search, in one query.

Runs on SQLite by default and on PostgreSQL with DATABASE_URL.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from kennisbank.models import ContactPerson
from search import wordrank
from search.synonyms import redactie_synonym_pairs
from tests.kennisbank.factories import ContactPersonFactory, ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    made = []
    for number, text in enumerate(
        [
            "Een nevenfunctie meld je vooraf.",
            "Nevenfuncties, nevenfuncties en nog eens nevenfuncties.",
            "Over geschenken en een nevenfunctie.",
            "Alleen over geschenken.",
        ]
    ):
        made.append(ContentPageFactory(parent=home_page, title=f"Pagina {number}", intro=text))
    made.append(ContentPageFactory(parent=home_page, title="Nevenfuncties", intro="Regels."))
    return made


def test_ranked_rows_follow_the_search_order(pages):
    backend = get_search_backend()
    queryset = Page.objects.live()

    searched = [page.pk for page in backend.search("nevenfunctie", queryset)]
    rows = backend.ranked("nevenfunctie", queryset, ("title", "path"))

    assert [row[0] for row in rows] == searched
    assert len(searched) == 4
    titles = {page.pk: page.title for page in pages}
    assert [row[1] for row in rows] == [titles[pk] for pk in searched]
    scores = [row[-1] for row in rows]
    assert scores == sorted(scores, reverse=True)  # higher is better, on every database
    assert rows[0][1] == "Nevenfuncties"  # the title weighs more than the text


def test_ranked_rows_respect_the_queryset_and_the_operator(pages):
    backend = get_search_backend()
    queryset = Page.objects.live().exclude(pk=pages[0].pk)

    both = backend.ranked("nevenfunctie geschenk", queryset)
    either = backend.ranked("nevenfunctie geschenk", queryset, operator="or")
    typed_half = backend.ranked("nevenfunc", queryset, ("title",), prefix=True)

    assert [row[0] for row in both] == [pages[2].pk]
    assert {row[0] for row in either} == {p.pk for p in pages[1:]}
    assert [row[1] for row in typed_half] == ["Nevenfuncties"]
    assert backend.ranked("de het", queryset) == []  # nothing searchable left


def test_ranked_rows_of_a_snippet_model(db):
    ContactPersonFactory(name="Fatima el Amrani", introduction="Vertrouwenspersoon.")
    ContactPersonFactory(name="Joost Bakker", introduction="Coördinator.")

    rows = get_search_backend().ranked("amrani", ContactPerson.objects.all(), ("name",))

    assert [row[1] for row in rows] == ["Fatima el Amrani"]


def test_one_query_that_matches_once_however_many_results(home_page):
    """Upstream ranks each candidate row in a subquery that runs the match again, which
    grows with the square of the number of matches."""
    for number in range(30):
        ContentPageFactory(parent=home_page, title=f"Geschenk {number}", intro="Geschenken.")
    redactie_synonym_pairs()  # the Redactie's synonyms are read once, then cached

    with CaptureQueriesContext(connection) as captured:
        rows = get_search_backend().ranked("geschenk", Page.objects.live(), ("path",))

    assert len(rows) == 30
    assert len(captured) == 1
    sql = captured[0]["sql"]
    if connection.vendor == "sqlite":
        assert sql.count("MATCH") == 1
    else:  # one word: its ranks kept per entry, read once (search/wordrank.py)
        assert sql.count(wordrank.TABLE) == 1 and "@@" not in sql


def test_a_backend_without_ranked_rows_is_read_through_its_objects(home_page):
    """Elasticsearch has no `ranked()`: the service reads the same columns off its results.
    Wagtail's own database backend (no Dutch analysis, no `ranked`) stands in for it."""
    from search.service import ranked_rows

    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend as Upstream
    else:
        from modelsearch.backends.database.postgres.postgres import (
            PostgresSearchBackend as Upstream,
        )

    class StandIn(Upstream):
        # As the service is told: SQLite's bm25() is lowest for the best match.
        best_score_first = connection.vendor != "sqlite"

    wanted = ContentPageFactory(parent=home_page, title="Bibob", intro="Bibob en screening.")
    ContentPageFactory(parent=home_page, title="Iets anders", intro="Geschenken.")
    backend = StandIn({"SEARCH_CONFIG": "simple"})
    assert not hasattr(backend, "ranked")

    rows = ranked_rows(backend, "bibob", Page.objects.live(), ("title", "path"))

    assert [(pk, title) for pk, title, _path, _score in rows] == [(wanted.pk, "Bibob")]
    assert rows[0][-1] > 0  # higher is better here too
