"""PostgreSQL full-text search with Dutch analysis; picked by search.backends.database."""

from modelsearch.backends.database.postgres import postgres as pg

from search.backends.base import DutchAnalysisMixin, analyzing_indexer, with_indexer


class DutchPostgresIndex(pg.PostgresIndex):
    add_items = with_indexer(pg.PostgresIndex.add_items, analyzing_indexer(pg.ObjectIndexer))


class DutchPostgresSearchBackend(DutchAnalysisMixin, pg.PostgresSearchBackend):
    index_class = DutchPostgresIndex
    best_score_first = True

    def __init__(self, params):
        # The text is analysed already: 'simple' only splits it into lexemes.
        params = {**params, "SEARCH_CONFIG": "simple"}
        super().__init__(params)


SearchBackend = DutchPostgresSearchBackend
