"""SQLite (FTS5) with Dutch analysis; picked by search.backends.database on SQLite."""

import re

from django.db import connections
from django.db.models import CharField, FloatField, Func, OuterRef, Subquery
from django.db.models.functions import Cast

from modelsearch.backends.database.sqlite import query as lite_query
from modelsearch.backends.database.sqlite import sqlite as lite
from modelsearch.query import Not
from modelsearch.utils import get_descendants_content_types_pks

from search.backends.base import (
    DutchAnalysisMixin,
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


class RankedValuesMixin:
    def ranked_values(self, backend, fields, limit):
        """`(pk, *fields, score)` per match, best first, in one query driven by the FTS
        index: MATCH once, then the matches' own columns by primary key.

        Upstream ranks by a subquery per candidate row that runs the MATCH again, which
        grows with the square of the number of matches (0.5 s at 2,000 pages).
        """
        sql, params, convert = self.ranked_sql(backend, fields, limit)
        rows = backend.fetch_ranked(connections[self.queryset.db], sql, params)
        return [convert(row) for row in rows]

    def ranked_sql(self, backend, fields, limit):
        """(sql, params, convert) of `ranked_values`' query (see the PostgreSQL one),
        compiled once per query shape and set of visible objects (`compiled_per_shape`)."""
        query = lite_query.normalize(self.query)
        if isinstance(query, (Not, lite_query.MatchAll)):
            raise NotImplementedError("ranked_values needs a positive query")
        model = self.queryset.model
        config = self.get_config(backend)
        # The visible objects are part of the statement: compiled once per queryset (a
        # search asks one queryset once per word), and part of the key.
        compiled_ids = self.queryset.__dict__
        if "_ranked_ids_sql" not in compiled_ids:
            ids = self._wanted_ids().values("_search_id").query.sql_with_params()
            compiled_ids["_ranked_ids_sql"] = (ids[0], tuple(ids[1]))
        key = (
            type(self),
            config,
            tuple(sorted(get_descendants_content_types_pks(model))),
            tuple(self.fields or ()),
            tuple(fields),
            limit,
            compiled_ids["_ranked_ids_sql"],
        )

        def compile_sql(query):
            entries = self._ranked_entries(backend, fields, limit, query)
            sql, params = entries.query.sql_with_params()
            return sql, list(params)

        sql, params = compiled_per_shape(query, key, _TERM_SPLIT, compile_sql)
        return sql, params, self._converter(fields)

    def _wanted_ids(self):
        text_id = CharField(max_length=50)
        return self.queryset.order_by().annotate(_search_id=Cast("pk", text_id))

    def _ranked_entries(self, backend, fields, limit, query):
        config = self.get_config(backend)
        match = lite_query.MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        model = self.queryset.model
        pk_field = model._meta.pk
        object_pk = Cast(OuterRef("index_entry__object_id"), pk_field)
        columns = {
            f"_value_{name}": Subquery(
                model._base_manager.filter(pk=object_pk).values(name)[:1],
            )
            for name in fields
            if name != "pk"
        }
        entries = (
            lite_query.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(model),
                index_entry__object_id__in=self._wanted_ids().values("_search_id"),
            )
            .annotate(_score=self._build_rank_expression(self.get_search_vectors(), config))
            .annotate(**columns)
            .order_by("_score", "index_entry__object_id")  # bm25(): lowest is best
            .values_list("index_entry__object_id", *columns, "_score")
        )
        if limit is not None:
            entries = entries[:limit]
        return entries

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
