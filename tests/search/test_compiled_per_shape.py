"""A ranked query is compiled once per query shape (issue 13, docs/adr/0029).

`compiled_per_shape` (search/backends/base.py) reuses SQL compiled with placeholder words and
writes each search's words into the parameters. These tests hold it to what the ORM compiles
for the same query, and to the same rows. Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest
from modelsearch.query import And, Or, PlainText

from kennisbank.models import ContactPerson
from search.backends import base
from tests.kennisbank.factories import ContactPersonFactory, ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_word_ranked_live(settings):
    """On PostgreSQL a query of plain words reads the ranks kept per word and compiles
    nothing (search/wordrank.py); these tests are about the queries that are compiled."""
    settings.SEARCH_WORD_RANKS = False


QUESTIONS = [
    "gedragscode",
    "pesten op het werk",
    "vertrouwenspersoon ongewenst gedrag",  # an alternative of two words ('drag onwens')
    "regeling melden vermoeden van een misstand",
    "geschenk boven 50 euro",
    "nevenfunc",
]


@pytest.fixture
def fresh_templates(monkeypatch):
    monkeypatch.setattr(base, "_COMPILED", {})
    return base._COMPILED


def _compiled_anew(monkeypatch):
    """From here on every query is compiled by the ORM with its own words."""
    monkeypatch.setattr(base, "query_shape", lambda query, terms, split: None)


def _sql(compiler, backend, fields):
    sql, params, _convert = compiler.ranked_sql(backend, fields, None)
    return sql, params


@pytest.mark.parametrize("operator", ["and", "or"])
@pytest.mark.parametrize("prefix", [False, True], ids=["search", "autocomplete"])
def test_reused_sql_is_what_the_orm_compiles(fresh_templates, monkeypatch, operator, prefix):
    backend = get_search_backend()
    method = backend.autocomplete if prefix else backend.search
    searches = [
        (question, queryset, fields)
        for question in QUESTIONS * 2  # the second time from the reused SQL
        for queryset, fields in [
            (Page.objects.live(), ("pk", "title")),
            (ContactPerson.objects, ("pk",)),
        ]
    ]
    compilers = [
        (method(question, queryset.all(), operator=operator).query_compiler, fields)
        for question, queryset, fields in searches
    ]
    reused = [_sql(compiler, backend, fields) for compiler, fields in compilers]
    assert fresh_templates  # something was reused
    _compiled_anew(monkeypatch)
    assert [_sql(compiler, backend, fields) for compiler, fields in compilers] == reused


def test_words_with_quotes_and_backslashes_are_escaped_as_the_orm_does(
    fresh_templates, monkeypatch
):
    backend = get_search_backend()
    queries = [
        PlainText("o'neill a\\b"),
        PlainText("'' \\'"),
        And([PlainText("melden"), Or([PlainText("it's"), PlainText("drag onwens")])]),
        And([PlainText("werk"), Or([PlainText("x\\"), PlainText("y' z")])]),  # same shape
    ]
    compilers = [backend.search(query, Page.objects.live()).query_compiler for query in queries]
    reused = [_sql(compiler, backend, ("pk",)) for compiler in compilers]
    # Two shapes: two words (the first two), and a word with an alternative of one or two
    # words (the last two). Queries of one shape share one compilation.
    assert len(fresh_templates) == 2
    _compiled_anew(monkeypatch)
    assert [_sql(compiler, backend, ("pk",)) for compiler in compilers] == reused


def test_one_compilation_per_shape_not_per_word(fresh_templates):
    backend = get_search_backend()
    for question in ["werk", "fiets", "leverancier", "tafel"]:  # one word, no synonyms
        backend.ranked(question, Page.objects.live())
    assert len(fresh_templates) == 1
    backend.ranked("fiets werk", Page.objects.live())  # two words: another shape
    assert len(fresh_templates) == 2


def test_rows_from_reused_sql_match_a_fresh_compilation(home_page, fresh_templates, monkeypatch):
    for number, text in enumerate(
        [
            "Pesten op het werk meld je bij de vertrouwenspersoon.",
            "Werk en pesten, pesten en werk.",
            "Alleen over werk.",
            "Een geschenk van een leverancier.",
        ]
    ):
        ContentPageFactory(parent=home_page, title=f"Pagina {number}", intro=text)
    ContactPersonFactory(name="Werk Pesten")
    backend = get_search_backend()
    searches = [
        (question, queryset, fields)
        for question in ["pesten op het werk", "werk", "geschenk leverancier", "pesten"]
        for queryset, fields in [(Page.objects.live(), ("title",)), (ContactPerson.objects, ())]
    ]
    reused = [backend.ranked(q, queryset.all(), fields) for q, queryset, fields in searches]
    _compiled_anew(monkeypatch)
    anew = [backend.ranked(q, queryset.all(), fields) for q, queryset, fields in searches]

    assert reused == anew
    found = [len(rows) for rows in reused]
    # Pages and the person for "pesten op het werk", "werk" and "pesten"; one page for
    # "geschenk leverancier", and not the person.
    assert found[4:6] == [1, 0]
    assert all(found[:4]) and all(found[6:])
