"""PostgreSQL full-text search with Dutch analysis; picked by search.backends.database."""

import copy

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connections
from django.db.models import AutoField, BigAutoField, BigIntegerField, Expression, F, IntegerField
from django.db.models.functions import Cast

from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.utils import get_descendants_content_types_pks

from search import wordrank
from search.backends.base import (
    DutchAnalysisMixin,
    RankedSqlMixin,
    analyzing_indexer,
    compiled_per_shape,
    with_indexer,
)

# The stored `title || body` column of the index entries and its GIN index, which the ranked
# query below matches with; made by search/migrations/0005 (Wagtail's own migrations index
# title and body apart only).
TITLE_BODY_COLUMN = wordrank.TITLE_BODY
TITLE_BODY_INDEX = "search_indexentry_title_body_column_gin"
# Planner settings around a ranked statement (`execute_ranked`), local to its transaction:
# - a word matched live (`@@`) is matched through the GIN index (ADR 0029);
# - no parallel workers: with the word ranks' table (ADR 0033) PostgreSQL planned them for a
#   question with synonyms, 73-77 ms instead of 70-71 alone, and a busy server has no
#   workers to spare.
LIVE_MATCH = " @@ "
INDEX_MATCH = ("enable_seqscan", "off")
NO_PARALLEL = ("max_parallel_workers_per_gather", "0")


def planner_settings(sql: str) -> list[tuple[str, str]]:
    """The settings `execute_ranked` sends `sql` with. A statement that reads every word from
    the kept ranks leaves sequential scans on: its reads are B-tree range scans whatever
    the planner may choose, and it may then hash the pages it joins (a scan of the pages
    instead of ~10,000 index lookups: 33 instead of 39 ms at 10,000 pages)."""
    return [INDEX_MATCH, NO_PARALLEL] if LIVE_MATCH in sql else [NO_PARALLEL]


class TitleBody(Expression):
    """The index entry's stored `title || body` (a column Django's model does not know)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(pg.IndexEntry._meta.db_table)
        return f"{table}.{connection.ops.quote_name(TITLE_BODY_COLUMN)}", []


def _integer_type(model):
    """The integer field type of a model's primary key, or None (then the upstream query)."""
    pk = model._meta.pk
    if isinstance(pk, (BigAutoField, BigIntegerField)):
        return BigIntegerField()
    if isinstance(pk, (AutoField, IntegerField)):
        return IntegerField()
    return None


class RankedValuesMixin(RankedSqlMixin):
    # Whether `entry_vectors` are title and body, the ranks search/wordrank.py keeps.
    entry_vectors_ranked_per_word = True

    # The index entry columns ranked: title (with its length factor) and body.
    def entry_vectors(self):
        return [(F("title"), F("title_norm")), (F("body"), 1.0)]

    # What is matched: their concatenation, stored (search/migrations/0005).
    def entry_match_vector(self):
        return TitleBody()

    def ranked_values(self, backend, fields, limit):
        """`(pk, *fields, score)` per match, best first, in one SQL query.

        Upstream joins the objects to the index on `object.id::varchar = object_id`: no
        index serves that cast, and at 10,000 pages the planner chose a nested loop over
        pages × entries (2–3 s). Here the index entries are matched on their own (the GIN
        index on the stored `title || body`), ranked, and joined to the objects by the integer
        primary key, so PostgreSQL can use the object table's primary key index or a hash
        join; tests/search/test_postgres_plan.py reads the plan.
        """
        compiled = self.ranked_sql(backend, fields, limit)
        if compiled is None:
            return self._upstream_ranked_values(backend, fields, limit)
        sql, params, convert = compiled
        rows = backend.fetch_ranked(connections[self.queryset.db], sql, params)
        return [convert(row) for row in rows]

    def ranked_parts(self, backend, fields):
        """What `ranked_sql` joins, for statements that join several searches' matches to
        the objects at once (`ranked_words_summary`): ((sql, params) of the matching
        entries as `_k`, `_s`; the key column; the join condition, the entries aliased `m`
        and the objects `o`; `convert`), or None as for `ranked_sql`."""
        model = self.queryset.model
        pk_type = _integer_type(model)
        if self.fields is not None or pk_type is None:
            return None
        entries = self.entries_sql(backend, model, pk_type)
        columns = ["pk", *(name for name in fields if name != "pk")]
        by_name = dict(zip(columns, range(len(columns)), strict=True))
        order = [by_name[name] for name in fields]

        if order == list(range(len(order))):  # the usual case: the row as it comes

            def convert(row):
                return row if row[-1] is not None else (*row[:-1], 0.0)

        else:

            def convert(row):
                return (*(row[i] for i in order), row[-1] or 0.0)

        return entries, "o.c0", "o.c0 = m._k", convert

    def entries_sql(self, backend, model, pk_type):
        """(sql, params) of the index entries that match, with their object's key and score:
        for a query of plain words read from the ranks PostgreSQL keeps per word
        (search/wordrank.py), else compiled once per query shape (`compiled_per_shape`; it
        was 37 % of a search's CPU at 10,000 pages)."""
        config = self.get_config(backend)
        content_types = tuple(sorted(get_descendants_content_types_pks(model)))
        ranked_per_word = self.entry_vectors_ranked_per_word and config == "simple"
        if ranked_per_word and settings.SEARCH_WORD_RANKS:
            words = wordrank.plain_words(self.query)
            if words is not None:  # their ranks per entry are kept (docs/adr/0033)
                key_type = pk_type.cast_db_type(connections[self.queryset.db])
                return wordrank.entries_sql(words, content_types, key_type)
        return compiled_per_shape(
            self.query,
            (type(self), config, content_types, type(pk_type)),
            wordrank.TERM_SPLIT,
            lambda query: self.compile_entries(query, config, content_types, pk_type),
        )

    def compile_entries(self, query, config, content_types, pk_type):
        """`entries_sql` compiled by the ORM for `query`."""
        compiler = copy.copy(self)
        compiler.query = query
        entries = (
            pg.IndexEntry._default_manager.filter(content_type_id__in=content_types)
            .annotate(_vector_=compiler.entry_match_vector())
            .filter(_vector_=compiler.build_tsquery(query, config=config))
            .annotate(
                _k=Cast("object_id", pk_type),
                _s=compiler._build_rank_expression(compiler.entry_vectors(), config),
            )
            .values_list("_k", "_s")
        )
        sql, params = entries.query.sql_with_params()
        return sql, list(params)

    def _upstream_ranked_values(self, backend, fields, limit):
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
    entry_vectors_ranked_per_word = False  # the autocomplete column, matched by prefix

    def entry_vectors(self):
        return [(F("autocomplete"), 1.0)]

    def entry_match_vector(self):
        return F("autocomplete")


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

    def execute_ranked(self, connection, sql, params):
        """The rows of a ranked statement, sent with its `planner_settings`: words matched
        live are matched through the GIN index.

        When most entries match a common word, PostgreSQL reads the table instead: its cost
        model does not count evaluating `@@` on each stored vector (and reading it from
        TOAST), 60 % of such a statement. Through the index, exact for these queries, no
        vector is read but the ones ranked: 25–40 % less time for the same rows at 10,000
        pages (docs/performance.md). The settings are local to the statement's transaction
        (the implicit one of a multi-statement string, or the caller's, where the last
        statement restores it); still one round trip. Server-side binding takes one
        statement at a time: then the statement goes as it is."""
        if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
            return super().execute_ranked(connection, sql, params)
        planner = planner_settings(sql)
        before = "".join(f"SET LOCAL {name} = {value}; " for name, value in planner)
        after = "".join(f"; SET LOCAL {name} TO DEFAULT" for name, _value in planner)
        with connection.cursor() as cursor:
            cursor.execute(f"{before}{sql}{after}", params)
            for _setting in planner:
                cursor.nextset()
            return cursor.fetchall()


SearchBackend = DutchPostgresSearchBackend
