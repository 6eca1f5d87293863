"""The ranked search on PostgreSQL has a plan that uses indexes (issue 13).

Upstream joined pages to the search index on `page.id::varchar = object_id`: no index
serves that, and at 10,000 pages the planner filtered 13 million rows (2–3 s a search).
Runs only on PostgreSQL (DATABASE_URL); on SQLite the FTS5 table drives the query.

The test tables are small, so PostgreSQL might rightly read them whole; with sequential scans
switched off it shows whether an index path exists at all, which is what a cast takes away.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest
from modelsearch.backends.database.postgres.postgres import IndexEntry

from kennisbank.models import ContentPage
from search import wordrank
from search.backends.postgres import TITLE_BODY_INDEX, planner_settings
from tests.kennisbank.factories import ContentPageFactory
from tests.plans import explain, plan_nodes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan"),
]


def _statement(sql):
    """A captured ranked statement without the planner setting around it (`execute_ranked`)."""
    before = re.match(r"(SET LOCAL [^;]+; )+", sql)[0]
    after = re.search(r"(; SET LOCAL [^;]+ TO DEFAULT)+$", sql)[0]
    statement = sql[len(before) : -len(after)]
    settings = planner_settings(statement)
    assert before == "".join(f"SET LOCAL {name} = {value}; " for name, value in settings)
    return statement


def _fill(home_page):
    for number in range(20):
        ContentPageFactory(
            parent=home_page,
            title=f"Nevenfunctie {number}",
            intro="Pesten op het werk en een nevenfunctie melden.",
        )
    # Other index entries of the same content type, as on a real site, where a search
    # word is in a few pages of many.
    _add_entries(20000, title="'anders ' || n", body="'iets anders dan ' || n")


def _add_entries(number, title, body):
    """`number` index entries of content pages, title and body from SQL expressions of `n`
    (ids past the pages', so they join nothing), then what (auto)vacuum does: the entries
    leave GIN's pending list and the statistics are fresh."""
    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (content_type_id, object_id, title_norm, autocomplete, "  # noqa: S608
            "title, body, title_text, body_text) "
            f"SELECT %s, (1000000 + n)::text, 1.0, '', to_tsvector('simple', {title}), "
            f"to_tsvector('simple', {body}), '', '' FROM generate_series(1, %s) AS n",
            [ContentType.objects.get_for_model(ContentPage).pk, number],
        )
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [TITLE_BODY_INDEX])
        cursor.execute(f"ANALYZE {table}")
        cursor.execute("ANALYZE wagtailcore_page")


def _ranks(sql) -> int:
    """How many searches a statement holds: matched live (`@@`) or read from the ranks kept
    per word (search/wordrank.py)."""
    return sql.count("@@") + sql.count(f"FROM {wordrank.TABLE}")


def _assert_index_plan(sql):
    # No cast of the page's id: the cast, if any, is on the index entry's text id.
    assert '"wagtailcore_page"."id")::' not in sql
    assert "::varchar" not in sql and "::text" not in sql

    nodes = explain(sql)
    indexes = {node.get("Index Name") for node in nodes}
    if "@@" in sql:  # a word ranked live: matched through the GIN index on title || body
        assert TITLE_BODY_INDEX in indexes
    if wordrank.TABLE in sql:  # a word's kept ranks: read through their B-tree
        assert wordrank.WORD_INDEX in indexes
    join_filters = [n["Join Filter"] for n in nodes if "Join Filter" in n]
    assert not join_filters, join_filters  # no row-by-row comparison of pages × entries
    conditions = " ".join(
        n.get(k, "") for n in nodes for k in ("Hash Cond", "Merge Cond", "Index Cond")
    )
    # The pages are joined by their integer primary key: hashed or merged on it, or looked
    # up in its index (which one depends on the table's statistics), never cast.
    assert "= wagtailcore_page.id)" in conditions or "wagtailcore_page_pkey" in indexes
    assert "wagtailcore_page.id)::" not in conditions


@pytest.mark.parametrize("query", ["pesten op het werk", "nevenfunctie"])
def test_the_ranked_search_joins_pages_by_their_primary_key_index(home_page, query):
    _fill(home_page)
    with CaptureQueriesContext(connection) as captured:
        rows = get_search_backend().ranked(
            query, Page.objects.live(), ("title", "path"), operator="or"
        )
    assert len(rows) == 20
    searches = [_statement(q["sql"]) for q in captured if _ranks(q["sql"])]
    assert len(searches) == 1  # (the other one: content types, read once per process)
    _assert_index_plan(searches[0])


@pytest.mark.parametrize(
    "query",
    [
        "pesten op het werk",  # every word on the same pages: one search of each kind
        "nevenfunctie bibob",  # not together: the fallback, one search per word and kind
    ],
)
def test_the_search_page_asks_every_kind_in_one_statement_that_uses_the_indexes(
    employee_client, home_page, query
):
    """The search page's statement (`ranked_summary`, and for words found apart
    `ranked_words_summary`: pages, contact persons and documents, each query a common table
    expression) keeps each query's plan."""
    _fill(home_page)
    with CaptureQueriesContext(connection) as captured:
        response = employee_client.get("/zoeken/", {"q": query})
    assert response.status_code == 200
    searches = [_statement(q["sql"]) for q in captured if _ranks(q["sql"])]
    assert searches and all(sql.startswith("WITH ") for sql in searches)
    assert len(searches) == (1 if query == "pesten op het werk" else 2)
    for sql in searches:
        assert _ranks(sql) >= 3  # pages, contact persons, documents
        _assert_index_plan(sql)


def _plan_of_fetched(backend, sql, params):
    """The plan PostgreSQL makes for `sql` as `execute_ranked` sends it."""
    rows = backend.execute_ranked(connection, "EXPLAIN (FORMAT JSON) " + sql, params)
    return plan_nodes(rows[0][0])


def test_a_word_most_entries_hold_is_matched_through_the_index_not_by_reading_every_vector(
    home_page, settings
):
    """When most entries match, PostgreSQL would read the whole table and evaluate `@@` on
    every stored vector (it does not count that cost); `execute_ranked` has it match through
    the GIN index, with the same rows, and leaves the setting as it was. (Ranked live, as an
    alternative of several words is: a plain word's ranks are kept, search/wordrank.py.)"""
    settings.SEARCH_WORD_RANKS = False
    for number in range(10):
        ContentPageFactory(parent=home_page, title=f"Werk {number}", intro="Over het werk.")
    table = IndexEntry._meta.db_table
    # 3,000 entries that all hold the word, with long bodies.
    _add_entries(3000, title="'werk ' || n", body="repeat('werk en nog meer werk ', 40) || n")
    backend = get_search_backend()
    compiler = backend.search("werk", Page.objects.live()).query_compiler
    sql, params, _convert = compiler.ranked_sql(backend, ("pk", "title"), None)

    with connection.cursor() as cursor:  # as the planner would choose on its own
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plain = cursor.fetchone()[0]
        cursor.execute(sql, params)
        plain_rows = cursor.fetchall()
    plain_scans = {n["Node Type"] for n in plan_nodes(plain) if n.get("Relation Name") == table}
    nodes = _plan_of_fetched(backend, sql, params)

    assert plain_scans == {"Seq Scan"}  # the case this is for
    assert TITLE_BODY_INDEX in {node.get("Index Name") for node in nodes}
    assert not any(n.get("Relation Name") == table and n["Node Type"] == "Seq Scan" for n in nodes)
    assert sorted(backend.execute_ranked(connection, sql, params)) == sorted(plain_rows)
    assert len(plain_rows) == 10
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] != "0"


def test_only_a_word_matched_live_turns_sequential_scans_off(home_page):
    """A word read from the kept ranks is a B-tree range scan anyway; leaving sequential
    scans on lets PostgreSQL hash the pages it joins. A word matched live still goes
    through the GIN index. Neither plans parallel workers."""
    _fill(home_page)
    backend = get_search_backend()
    sent = {}
    for query in ("nevenfunctie", "pesten op het werk"):  # a kept word; four words together
        with CaptureQueriesContext(connection) as captured:
            assert backend.ranked(query, Page.objects.live(), ("title",))
        sent[query] = captured[-1]["sql"]

    assert "FROM search_wordrank" in sent["nevenfunctie"] and " @@ " not in sent["nevenfunctie"]
    assert "enable_seqscan" not in sent["nevenfunctie"]
    assert sent["pesten op het werk"].startswith("SET LOCAL enable_seqscan = off; ")
    for sql in sent.values():
        assert "SET LOCAL max_parallel_workers_per_gather = 0; " in sql
