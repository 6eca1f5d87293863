"""Wagtail's database search backend with Dutch analysis done in Python.

`WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}` picks the
SQLite FTS5 or the PostgreSQL variant, like Wagtail's own `wagtail.search.backends.database`.
Both index the output of `search.analysis` (folded, stop words dropped, Dutch stems) and
search with an analysed query, so they give the same results; PostgreSQL gets that text with
its `simple` configuration so it neither stems a stem again nor needs `unaccent`
(docs/adr/0004-dutch-search-analysis.md).
"""

import types

from django.db import connection

from modelsearch.backends.base import EmptySearchResults
from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.backends.database.sqlite import sqlite as lite
from modelsearch.index import AutocompleteField, RelatedFields
from modelsearch.query import And, Or, PlainText

from search.analysis import analyze_query, analyze_text, fold_text


def _analyzing_indexer(base):
    class DutchObjectIndexer(base):
        """Hands the index analysed text instead of the raw field values."""

        def prepare_field(self, obj, field):
            if isinstance(field, RelatedFields):
                # The base class recurses through self.prepare_field: leaves are analysed there.
                yield from super().prepare_field(obj, field)
                return
            for *head, value in super().prepare_field(obj, field):
                if isinstance(head[0], AutocompleteField):
                    yield (*head, fold_text(value))
                else:
                    yield (*head, analyze_text(value))

    return DutchObjectIndexer


def _with_indexer(function, indexer_class):
    """`function` (an upstream `add_items`) with its module's ObjectIndexer replaced.

    The upstream index classes build `ObjectIndexer(obj, backend)` by its module-level name;
    rebinding that one global keeps their SQL untouched. tests/search/test_backends.py checks
    that the index really holds analysed text, so an upstream rename fails loudly.
    """
    namespace = {**function.__globals__, "ObjectIndexer": indexer_class}
    return types.FunctionType(
        function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__
    )


def build_query(query_string: str, operator: str = "and"):
    """An analysed query object, or None when nothing searchable is left."""
    groups = []
    for alternatives in analyze_query(query_string):
        options = [PlainText(" ".join(terms), operator="and") for terms in alternatives]
        groups.append(options[0] if len(options) == 1 else Or(options))
    if not groups:
        return None
    if len(groups) == 1:
        return groups[0]
    return And(groups) if operator.lower() == "and" else Or(groups)


class DutchAnalysisMixin:
    """Analyses query strings the same way as indexed text."""

    dutch_analysis = True

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        if isinstance(query, str):
            query = build_query(query, operator or "and")
            if query is None:
                return EmptySearchResults()
        return super().search(query, model_or_queryset, fields=fields, operator=operator, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        if isinstance(query, str):
            query = fold_text(query)
            if not query:
                return EmptySearchResults()
        return super().autocomplete(query, model_or_queryset, *args, **kwargs)


class DutchSQLiteIndex(lite.SQLiteIndex):
    add_items = _with_indexer(lite.SQLiteIndex.add_items, _analyzing_indexer(lite.ObjectIndexer))


class DutchSQLiteSearchBackend(DutchAnalysisMixin, lite.SQLiteSearchBackend):
    index_class = DutchSQLiteIndex
    # FTS5's bm25() is negative: the best match has the lowest score.
    best_score_first = False


class DutchPostgresIndex(pg.PostgresIndex):
    add_items = _with_indexer(pg.PostgresIndex.add_items, _analyzing_indexer(pg.ObjectIndexer))


class DutchPostgresSearchBackend(DutchAnalysisMixin, pg.PostgresSearchBackend):
    index_class = DutchPostgresIndex
    best_score_first = True

    def __init__(self, params):
        # The text is analysed already: 'simple' only splits it into lexemes.
        params = {**params, "SEARCH_CONFIG": "simple"}
        super().__init__(params)


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    """The Dutch backend for the database Django uses, like Wagtail's own factory."""
    if connection.vendor == "postgresql":
        return DutchPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        return DutchSQLiteSearchBackend(params)
    raise NotImplementedError(
        "Zoeken in het Nederlands werkt met SQLite of PostgreSQL, of met Elasticsearch "
        "(ELASTICSEARCH_URL)."
    )
