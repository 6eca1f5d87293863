"""SQLite (FTS5) with Dutch analysis; picked by search.backends.database on SQLite."""

from modelsearch.backends.database.sqlite import sqlite as lite

from search.backends.base import DutchAnalysisMixin, analyzing_indexer, with_indexer


class DutchSQLiteIndex(lite.SQLiteIndex):
    add_items = with_indexer(lite.SQLiteIndex.add_items, analyzing_indexer(lite.ObjectIndexer))


class DutchSQLiteSearchBackend(DutchAnalysisMixin, lite.SQLiteSearchBackend):
    index_class = DutchSQLiteIndex
    # FTS5's bm25() is negative: the best match has the lowest score.
    best_score_first = False


SearchBackend = DutchSQLiteSearchBackend
