"""The ranked query's index-entry part is compiled once per query shape (issue 13).

`entries_sql` (search/backends/postgres.py) reuses SQL compiled with placeholder words and
writes each search's words into the parameters. These tests hold it to what the ORM would
compile for the same query, and to the same rows. Runs only on PostgreSQL (DATABASE_URL).
"""

from django.db import connection

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest
from modelsearch.query import And, Or, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from kennisbank.models import ContactPerson
from search.backends import postgres
from tests.kennisbank.factories import ContactPersonFactory, ContentPageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's compiler"),
]

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
    monkeypatch.setattr(postgres, "_ENTRIES_SQL", {})
    return postgres._ENTRIES_SQL


def _both(compiler, backend, model):
    """(reused, compiled anew) for the compiler's own query."""
    pk_type = postgres._integer_type(model)
    content_types = tuple(sorted(get_descendants_content_types_pks(model)))
    config = compiler.get_config(backend)
    return (
        compiler.entries_sql(backend, model, pk_type),
        compiler.compile_entries(compiler.query, config, content_types, pk_type),
    )


@pytest.mark.parametrize("operator", ["and", "or"])
@pytest.mark.parametrize("prefix", [False, True], ids=["search", "autocomplete"])
def test_reused_sql_is_what_the_orm_compiles(fresh_templates, operator, prefix):
    backend = get_search_backend()
    method = backend.autocomplete if prefix else backend.search
    for question in QUESTIONS * 2:  # the second time from the reused SQL
        for model, queryset in [(Page, Page.objects.live()), (ContactPerson, None)]:
            queryset = queryset if queryset is not None else model.objects.all()
            compiler = method(question, queryset, operator=operator).query_compiler
            reused, compiled = _both(compiler, backend, model)
            assert reused == compiled, question
    assert fresh_templates  # and something was reused


def test_words_with_quotes_and_backslashes_are_escaped_as_the_orm_does(fresh_templates):
    backend = get_search_backend()
    queries = [
        PlainText("o'neill a\\b"),
        PlainText("'' \\'"),
        And([PlainText("melden"), Or([PlainText("it's"), PlainText("drag onwens")])]),
        And([PlainText("werk"), Or([PlainText("x\\"), PlainText("y' z")])]),  # same shape
    ]
    for query in queries:
        compiler = backend.search(query, Page.objects.live()).query_compiler
        reused, compiled = _both(compiler, backend, Page)
        assert reused == compiled
    # Two shapes: two words (the first two), and a word with an alternative of one or two
    # words (the last two). Queries of one shape share one compilation.
    assert len(fresh_templates) == 2


def test_one_compilation_per_shape_not_per_word(fresh_templates):
    backend = get_search_backend()
    for question in ["werk", "fiets", "leverancier", "tafel"]:  # one word, no synonyms
        backend.ranked(question, Page.objects.live())
    assert len(fresh_templates) == 1
    backend.ranked("fiets werk", Page.objects.live())  # two words: another shape
    assert len(fresh_templates) == 2


def _compiled_anew(self, backend, model, pk_type):
    content_types = tuple(sorted(get_descendants_content_types_pks(model)))
    return self.compile_entries(self.query, self.get_config(backend), content_types, pk_type)


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
    monkeypatch.setattr(postgres.RankedValuesMixin, "entries_sql", _compiled_anew)
    anew = [backend.ranked(q, queryset.all(), fields) for q, queryset, fields in searches]

    assert reused == anew
    found = [len(rows) for rows in reused]
    # Pages and the person for "pesten op het werk", "werk" and "pesten"; one page for
    # "geschenk leverancier", and not the person.
    assert found[4:6] == [1, 0]
    assert all(found[:4]) and all(found[6:])
