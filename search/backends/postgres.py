"""PostgreSQL full-text search with Dutch analysis; picked by search.backends.database."""

from modelsearch.backends.database.postgres import postgres as pg

from search.backends.base import DutchAnalysisMixin, analyzing_indexer, with_indexer


class RankedValuesMixin:
    def ranked_values(self, backend, fields, limit):
        """`(pk, *fields, score)` per match, best first: upstream's one ranked query (a join
        on the index entries), read as values so no object and no tsvector is fetched."""
        queryset = self.search(
            self.get_config(backend), None, None, score_field="_score", backend=backend
        ).values_list(*fields, "_score")
        if limit is not None:
            queryset = queryset[:limit]
        return [(*values, score or 0.0) for *values, score in queryset]


class DutchPostgresSearchQueryCompiler(RankedValuesMixin, pg.PostgresSearchQueryCompiler):
    pass


class DutchPostgresAutocompleteQueryCompiler(
    RankedValuesMixin, pg.PostgresAutocompleteQueryCompiler
):
    pass


class DutchPostgresIndex(pg.PostgresIndex):
    add_items = with_indexer(pg.PostgresIndex.add_items, analyzing_indexer(pg.ObjectIndexer))


class DutchPostgresSearchBackend(DutchAnalysisMixin, pg.PostgresSearchBackend):
    index_class = DutchPostgresIndex
    query_compiler_class = DutchPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = DutchPostgresAutocompleteQueryCompiler
    best_score_first = True

    def __init__(self, params):
        # The text is analysed already: 'simple' only splits it into lexemes.
        params = {**params, "SEARCH_CONFIG": "simple"}
        super().__init__(params)


SearchBackend = DutchPostgresSearchBackend
