"""Each plain word's rank per index entry is kept by PostgreSQL (search/wordrank.py, ADR 0033):
the table follows every write to Wagtail's index, and a search that reads it finds the same
rows with the same scores, to the bit, as one that ranks every entry itself. On PostgreSQL
only: on SQLite FTS5 ranks (and the table does not exist)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest
from modelsearch.backends.database.postgres.postgres import IndexEntry
from modelsearch.query import And, Or, PlainText

from search import wordrank
from search.analysis import analyze_text
from search.backends.base import build_query
from tests.kennisbank.factories import ContactPersonFactory, ContentPageFactory
from tests.search.factories import DocumentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL table"),
]


@pytest.fixture(autouse=True)
def _every_search_asks_the_database(settings):
    settings.SEARCH_RESULT_CACHE_SECONDS = 0


def _kept(page) -> dict[str, tuple]:
    """word -> (content type, object id, t, b) of the page's index entry."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT w.lexeme, w.content_type_id, w.object_id, w.t, w.b FROM {wordrank.TABLE} w "  # noqa: S608
            f"JOIN {IndexEntry._meta.db_table} e ON e.id = w.entry_id WHERE e.object_id = %s",
            [str(page.pk)],
        )
        return {word: rest for word, *rest in cursor.fetchall()}


def _entry_words(page) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.lexeme FROM {IndexEntry._meta.db_table} e, unnest(e.title_body) u "  # noqa: S608
            "WHERE e.object_id = %s",
            [str(page.pk)],
        )
        return {word for (word,) in cursor.fetchall()}


def test_every_plain_word_of_an_entry_is_kept_and_follows_each_change(home_page):
    page = ContentPageFactory(
        parent=home_page, title="Geschenk melden", intro="Een geschenk van 2019 bij e-mail."
    )
    kept = _kept(page)
    words = _entry_words(page)
    assert analyze_text("geschenk") in kept and "2019" in kept
    # Every lexeme of title and body that is a plain word; none other.
    assert set(kept) == {w for w in words if wordrank.PLAIN_WORD.fullmatch(w)}
    assert kept[analyze_text("geschenk")][2] > 0  # in the title: ranked there too

    page.title = "Fiets lenen"
    page.intro = "Een fiets van de zaak."
    page.save_revision().publish()
    kept = _kept(page)
    assert analyze_text("fiets") in kept and analyze_text("geschenk") not in kept

    page.delete()
    assert _kept(page) == {}


def _row_versions(page) -> set[str]:
    """The row versions (xmin) of the page's kept words: new ones when they are written."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT w.xmin::text FROM {wordrank.TABLE} w "  # noqa: S608
            f"JOIN {IndexEntry._meta.db_table} e ON e.id = w.entry_id WHERE e.object_id = %s",
            [str(page.pk)],
        )
        return {xmin for (xmin,) in cursor.fetchall()}


def test_an_entry_written_again_with_the_same_text_keeps_its_rows(home_page):
    """Publishing without a change of text (or `update_index`) writes the index entry again;
    its words' ranks are what they were, so they are not written again."""
    page = ContentPageFactory(parent=home_page, title="Geschenk", intro="Over een geschenk.")
    get_search_backend().add(page)
    before = _row_versions(page)
    with connection.cursor() as cursor:  # rows written from here on get another xmin
        cursor.execute("SAVEPOINT again")

    get_search_backend().add(page)
    assert _row_versions(page) == before

    page.intro = "Over een cadeau."
    page.save_revision().publish()
    assert _row_versions(page) != before
    assert analyze_text("cadeau") in _kept(page)


def test_emptying_the_index_empties_the_ranks(home_page):
    ContentPageFactory(parent=home_page, title="Geschenk", intro="Over een geschenk.")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction: no pending checks
        cursor.execute(f"TRUNCATE {IndexEntry._meta.db_table}")
        cursor.execute(f"SELECT COUNT(*) FROM {wordrank.TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == 0


def _site(home_page):
    """Pages where the words of the questions below are in the title, the body, both, once
    or often, and some with only one of two synonyms; a contact person and documents."""
    texts = [
        ("Geschenk aannemen", "Een geschenk van een leverancier."),
        ("Cadeau", "Een cadeau, een cadeau en nog een cadeau."),
        ("Relatiegeschenk", "Geschenk, gift en cadeau: regels voor een geschenk."),
        ("Uitnodiging", "Een etentje van een leverancier en een gift."),
        ("Fraude melden", "Een vermoeden van fraude melden bij het meldpunt."),
        ("Nevenfunctie", "Een nevenfunctie melden. " * 5),
    ]
    for n in range(3):
        for title, intro in texts:
            ContentPageFactory(parent=home_page, title=f"{title} {n}", intro=intro * (n + 1))
    ContactPersonFactory(name="Geschenkenloket", introduction="Vragen over een geschenk.")
    DocumentFactory.pdf("Lijst geschenk leverancier", title="Geschenkenlijst")
    DocumentFactory.pdf("Fraude melden", title="Formulier fraude")


def _words(*words):
    """The query of these words as the search asks it: analysed, one alternative each."""
    queries = [PlainText(analyze_text(word)) for word in words]
    return queries[0] if len(queries) == 1 else Or(queries)


QUERIES = [
    _words("geschenk"),
    _words("leverancier"),
    _words("ontbreekt"),  # in no entry
    _words("geschenk", "cadeau"),
    _words("cadeau", "gift", "geschenk", "etentje"),
    _words("gift", "ontbreekt", "meld"),
]


@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_a_search_reads_the_same_ranks_it_would_compute(home_page, settings, query):
    _site(home_page)
    backend = get_search_backend()
    kinds = [Page.objects.live(), *(m.objects.all() for m in _other_models())]

    def rows(kept):
        settings.SEARCH_WORD_RANKS = kept
        with CaptureQueriesContext(connection) as captured:
            found = [sorted(backend.ranked(query, qs, ())) for qs in kinds]
        sql = " ".join(q["sql"] for q in captured)
        return found, sql

    computed, computed_sql = rows(False)
    read, read_sql = rows(True)
    assert wordrank.TABLE in read_sql and "ts_rank" not in read_sql
    assert wordrank.TABLE not in computed_sql
    assert read == computed  # the same rows and the same doubles
    if query is not QUERIES[2]:
        assert read[0], "the question finds pages"


def _other_models():
    from wagtail.documents import get_document_model

    from kennisbank.models import ContactPerson

    return [ContactPerson, get_document_model()]


@pytest.mark.parametrize(
    "question",
    ["geschenk", "cadeau van een leverancier", "vermoeden van fraude melden", "gift etentje"],
)
def test_the_search_page_is_the_same_with_the_kept_ranks(
    home_page, employee_client, settings, question
):
    """The whole answer, results, order, counts and facets, read from the kept ranks or
    computed: the AND search and the fallback with words found apart both read them."""
    _site(home_page)

    def answer(kept):
        settings.SEARCH_WORD_RANKS = kept
        with CaptureQueriesContext(connection) as captured:
            response = employee_client.get("/zoeken/", {"q": question, "format": "json"})
        assert response.status_code == 200
        read = any(wordrank.TABLE in q["sql"] for q in captured)
        return response.json(), read

    computed, read_computed = answer(False)
    kept, read_kept = answer(True)
    assert not read_computed and read_kept
    assert kept == computed
    assert computed["count"] > 0


def test_queries_of_other_shapes_are_ranked_as_before():
    assert wordrank.plain_words(PlainText("geschenk")) == ["geschenk"]
    assert wordrank.plain_words(Or([PlainText("a1"), PlainText("b")])) == ["a1", "b"]
    # Several words in one alternative, a boost, characters a lexeme may parse otherwise, an
    # AND of groups: ranked by PostgreSQL per entry, as before.
    assert wordrank.plain_words(PlainText("melding doen")) is None
    assert (
        wordrank.plain_words(Or([PlainText("klokkenluider"), PlainText("misstand meld")])) is None
    )
    assert wordrank.plain_words(PlainText("geschenk", boost=2.0)) is None
    assert wordrank.plain_words(PlainText("café")) is None
    assert wordrank.plain_words(PlainText("v.o.g")) is None
    assert wordrank.plain_words(And([PlainText("a"), PlainText("b")])) is None
    assert wordrank.plain_words(build_query("pesten op het werk")) is None


def test_ranks_made_with_other_weights_are_made_again_after_migrate(home_page):
    """A changed boost of a search field changes modelsearch's weights; `migrate` then
    installs the trigger and the ranks again (post_migrate, search/apps.py)."""
    page = ContentPageFactory(parent=home_page, title="Geschenk", intro="Over een geschenk.")
    before = _kept(page)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {wordrank.STATE} SET weights = '{{0.1,0.2,0.4,1.0}}'")  # noqa: S608
        cursor.execute(f"UPDATE {wordrank.TABLE} SET t = 0, b = 0")  # noqa: S608

    assert wordrank.sync(connection) is True
    assert _kept(page) == before
    assert wordrank.sync(connection) is False  # in step now: nothing to do
