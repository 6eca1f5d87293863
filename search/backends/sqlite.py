"""SQLite (FTS5) with Dutch analysis; picked by search.backends.database on SQLite."""

import copy
import re

from django.db import connections
from django.db.models import AutoField, F, FloatField, Func, IntegerField

from modelsearch.backends.database.sqlite import query as lite_query
from modelsearch.backends.database.sqlite import sqlite as lite
from modelsearch.query import Not
from modelsearch.utils import get_descendants_content_types_pks

from search.backends.base import (
    DutchAnalysisMixin,
    RankedSqlMixin,
    analyzing_indexer,
    compiled_per_shape,
    with_indexer,
)

# How modelsearch's SQLite compiler splits a PlainText into lexemes (str.split()).
_TERM_SPLIT = re.compile(r"\s+")

# FTS5 column weights, in the table's column order (autocomplete, body, title): a word in
# the title counts five times a word in the body, like the title boost on PostgreSQL.
COLUMN_WEIGHTS = (0.0, 1.0, 5.0)


class WeightedBM25(Func):
    """bm25() with column weights. Upstream calls bm25() without, so title and body weigh
    the same there; one expression for the whole match replaces its per-vector sum."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, function=None, template=None):
        table = lite_query.SQLiteFTSIndexEntry._meta.db_table
        weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
        return f"bm25({table}, {weights})", []


class RankedValuesMixin(RankedSqlMixin):
    best_first = "ASC"  # bm25(): lowest is best

    def ranked_values(self, backend, fields, limit):
        """`(pk, *fields, score)` per match, best first, in one query driven by the FTS
        index: MATCH once, then the matches' own columns by primary key.

        Upstream ranks by a subquery per candidate row that runs the MATCH again, which
        grows with the square of the number of matches (0.5 s at 2,000 pages).
        """
        sql, params, convert = self.ranked_sql(backend, fields, limit)
        rows = backend.fetch_ranked(connections[self.queryset.db], sql, params)
        return [convert(row) for row in rows]

    def ranked_parts(self, backend, fields):
        """What `ranked_sql` joins (see the PostgreSQL one).

        The matches come from the FTS index with their score, and are joined to the visible
        objects by primary key once per row, which also reads the fields (a subquery per
        field and row took a quarter longer at 10,000 pages). The matching part is compiled
        once per query shape (`compiled_per_shape`), the objects' part once per queryset."""
        query = lite_query.normalize(self.query)
        if isinstance(query, (Not, lite_query.MatchAll)):
            raise NotImplementedError("ranked_values needs a positive query")
        model = self.queryset.model
        config = self.get_config(backend)
        content_types = tuple(sorted(get_descendants_content_types_pks(model)))
        entries_sql, entries_params = compiled_per_shape(
            query,
            (type(self), config, content_types, tuple(self.fields or ())),
            _TERM_SPLIT,
            lambda query: self._entries_sql(backend, query, config, content_types),
        )
        integer_key = isinstance(model._meta.pk, (AutoField, IntegerField))  # BigAutoField too
        join = "o.c0 = CAST(m._k AS INTEGER)" if integer_key else "CAST(o.c0 AS TEXT) = m._k"
        return (entries_sql, entries_params), "m._k", join, self._converter(fields)

    def _entries_sql(self, backend, query, config, content_types):
        """(sql, params) of the index entries matching `query`: their object's id and score."""
        compiler = copy.copy(self)
        compiler.query = query
        match = lite_query.MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, compiler.build_search_query(query, config=config)
        )
        entries = (
            lite_query.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=content_types)
            .annotate(
                _k=F("index_entry__object_id"),
                _s=compiler._build_rank_expression(compiler.get_search_vectors(), config),
            )
            .values_list("_k", "_s")
        )
        sql, params = entries.query.sql_with_params()
        return sql, list(params)

    def _converter(self, fields):
        """A raw row `(object_id, *values, score)` as `(pk, *values, score)`: each value
        converted as the ORM does (a datetime, a date), the score higher-is-better."""
        model = self.queryset.model
        pk_field = model._meta.pk
        connection = connections[self.queryset.db]
        expressions = [_Column(model._meta.get_field(name)) for name in fields if name != "pk"]
        converters = [
            (
                connection.ops.get_db_converters(expression)
                + expression.output_field.get_db_converters(connection),
                expression,
            )
            for expression in expressions
        ]

        def convert(row):
            object_id, *values, score = row
            converted = []
            for value, (functions, expression) in zip(values, converters, strict=True):
                for function in functions:
                    value = function(value, expression, connection)
                converted.append(value)
            return (pk_field.to_python(object_id), *converted, -(score or 0.0))

        return convert


class _Column:
    """What Django's converters ask of an expression: its output field."""

    def __init__(self, field):
        self.output_field = field


class DutchSQLiteSearchQueryCompiler(RankedValuesMixin, lite.SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()


class DutchSQLiteAutocompleteQueryCompiler(RankedValuesMixin, lite.SQLiteAutocompleteQueryCompiler):
    pass


class DutchSQLiteIndex(lite.SQLiteIndex):
    add_items = with_indexer(lite.SQLiteIndex.add_items, analyzing_indexer(lite.ObjectIndexer))


class DutchSQLiteSearchBackend(DutchAnalysisMixin, lite.SQLiteSearchBackend):
    index_class = DutchSQLiteIndex
    query_compiler_class = DutchSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = DutchSQLiteAutocompleteQueryCompiler
    # FTS5's bm25() is negative: the best match has the lowest score.
    best_score_first = False


SearchBackend = DutchSQLiteSearchBackend
