"""SQLite (FTS5) with Dutch analysis; picked by search.backends.database on SQLite."""

from django.db.models import FloatField, Func

from modelsearch.backends.database.sqlite import query as lite_query
from modelsearch.backends.database.sqlite import sqlite as lite

from search.backends.base import DutchAnalysisMixin, analyzing_indexer, with_indexer

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


class DutchSQLiteSearchQueryCompiler(lite.SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()


class DutchSQLiteIndex(lite.SQLiteIndex):
    add_items = with_indexer(lite.SQLiteIndex.add_items, analyzing_indexer(lite.ObjectIndexer))


class DutchSQLiteSearchBackend(DutchAnalysisMixin, lite.SQLiteSearchBackend):
    index_class = DutchSQLiteIndex
    query_compiler_class = DutchSQLiteSearchQueryCompiler
    # FTS5's bm25() is negative: the best match has the lowest score.
    best_score_first = False


SearchBackend = DutchSQLiteSearchBackend
