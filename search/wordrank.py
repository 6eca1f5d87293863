"""Each word's rank per search index entry, kept by PostgreSQL beside Wagtail's index
(docs/adr/0033).

A first search ranks its words on every entry that holds them: at 10,000 pages a common word
is in ~10,000 entries, each ranked with `ts_rank` on title and body, and that was a third of
the statement behind a question's first search. The rank of one word on one entry depends
on nothing else, so PostgreSQL computes it when the entry is written (a trigger on Wagtail's
index table) and a search reads it through a B-tree: (word, content type) -> (object id,
`ts_rank` on title and on body). The trigger ranks with the weights the search itself uses,
and the search sums them as its own SQL does, so a search reads the same double it would
compute (tests/search/test_wordrank.py).

Read from here: a query of one plain word, or of alternatives that are each one plain word
(a word and its synonyms, `a | b`), ranked as modelsearch ranks those: the title's and the
body's `ts_rank` are kept apart, so the same sums are made in the same order. An
alternative of several words is ranked live, as before, in the same statement.
"""

# ruff: noqa: S608 - the SQL here is built from names written in this file and weights
# checked to be numbers; the words searched for go in as parameters.

import re

from modelsearch.backends.database.postgres.postgres import IndexEntry
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.query import Or, PlainText
from modelsearch.utils import balanced_reduce

TABLE = "search_wordrank"
WORD_INDEX = "search_wordrank_word"  # (lexeme, content type), the ranks included
STATE = "search_wordrank_state"
SYNC_FUNCTION = "search_wordrank_sync"
CLEAR_FUNCTION = "search_wordrank_clear"
# The index entries' stored `title || body`, which searches match (search/migrations/0005).
TITLE_BODY = "title_body"

# The words kept and read: what the 'simple' configuration keeps as one lexeme unchanged.
# A word with other characters is ranked live, so no lexeme is ever parsed again here.
PLAIN_WORD = re.compile(r"[a-z0-9]+")
_PLAIN_WORD_SQL = "^[a-z0-9]+$"
_WEIGHTS = re.compile(r"\{[0-9.e,+-]+\}")
# How modelsearch's PostgreSQL compiler splits a PlainText into lexemes (also what
# search/backends/postgres.py compiles per shape with).
TERM_SPLIT = re.compile(r"[\s\-]+")


def plain_words(query) -> list[str] | None:
    """The words of a query that is one plain word, or alternatives (`Or`) that are each
    one plain word, all unboosted; else None."""
    if type(query) is Or:
        words = [plain_words(part) for part in query.subqueries]
        if not words or any(w is None or len(w) != 1 for w in words):
            return None
        return [w[0] for w in words]
    if type(query) is not PlainText or query.boost != 1.0:
        return None
    words = [word for word in TERM_SPLIT.split(query.query_string) if word]
    if len(words) != 1 or not PLAIN_WORD.fullmatch(words[0]):
        return None
    return words


def entries_sql(words: list[str], content_types: tuple, key_type: str) -> tuple[str, list]:
    """(sql, params) of the entries of `content_types` that hold one of `words`, with their
    object's key as `_k` (cast to `key_type`) and the rank as `_s`: what
    `RankedValuesMixin.compile_entries` gives for the same query, read from the table.

    One word: `(t * title_norm) + (b * 1.0)`, as for `ts_rank(title) * title_norm +
    ts_rank(body) * 1.0`. Alternatives: modelsearch's `build_tsrank` of an `Or`, the sum of
    each word's rank (0 where the entry lacks it, as `ts_rank` gives) divided by their
    number, summed in modelsearch's order (`balanced_reduce`)."""
    types = ", ".join(["%s"] * len(content_types))
    where = f"content_type_id IN ({types})"
    if len(words) == 1:
        sql = (
            f"SELECT CAST(object_id AS {key_type}) AS _k, "
            f"(t * title_norm) + (b * 1.0) AS _s FROM {TABLE} WHERE lexeme = %s AND {where}"
        )
        return sql, [words[0], *content_types]

    def total(column):
        ranks = [f"COALESCE(MAX({column}) FILTER (WHERE i = {i}), 0)" for i in range(len(words))]
        return f"({balanced_reduce(lambda a, b: f'({a} + {b})', ranks)} / {len(words)})"

    # Each word read apart (an index-only range scan each; one scan of all of them went
    # through the heap: 11.6 instead of ~3 ms for 8,656 rows), then summed per entry.
    reads = " UNION ALL ".join(
        f"SELECT {i} AS i, entry_id, object_id, title_norm, t, b FROM {TABLE} "
        f"WHERE lexeme = %s AND {where}"
        for i in range(len(words))
    )
    sql = (
        f"SELECT CAST(MIN(object_id) AS {key_type}) AS _k, "
        f"(({total('t')} * MIN(title_norm)) + ({total('b')} * 1.0)) AS _s "
        f"FROM ({reads}) AS w GROUP BY entry_id"
    )
    return sql, [param for word in words for param in (word, *content_types)]


def _weights() -> str:
    """modelsearch's weights of the A–D labels, as its compiler writes them into the SQL."""
    weights = get_sql_weights()
    if not _WEIGHTS.fullmatch(weights):  # written into SQL below: only numbers pass
        raise ValueError(f"unexpected search weights {weights!r}")
    return weights


def _rows_sql(source: str, weights: str) -> str:
    """The rows of the entries of `source` (aliased `e`): one per plain word of title and
    body, with `ts_rank` of the word on each, as modelsearch ranks a one-word query."""
    w = f"CAST('{weights}' AS float4[])"
    return (
        "SELECT e.id, u.lexeme, e.content_type_id, e.object_id, e.title_norm, "
        f"ts_rank({w}, e.title, q.q), ts_rank({w}, e.body, q.q) "
        f"FROM {source} AS e CROSS JOIN LATERAL unnest(e.{TITLE_BODY}) AS u "
        "CROSS JOIN LATERAL (SELECT CAST(quote_literal(u.lexeme) AS tsquery) AS q) AS q "
        f"WHERE u.lexeme ~ '{_PLAIN_WORD_SQL}'"
    )


def install(connection) -> None:
    """Create the table, its trigger and the ranks of every entry (again when modelsearch's
    weights changed: a change of a search field's boost)."""
    weights = _weights()
    entries = IndexEntry._meta.db_table
    insert = (
        f"INSERT INTO {TABLE} (entry_id, lexeme, content_type_id, object_id, title_norm, t, b) "
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (entry_id integer NOT NULL, "
            "lexeme text NOT NULL, content_type_id integer NOT NULL, "
            "object_id varchar(50) NOT NULL, title_norm double precision NOT NULL, "
            "t real NOT NULL, b real NOT NULL, "
            "PRIMARY KEY (entry_id, lexeme))"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {WORD_INDEX} ON {TABLE} "
            "(lexeme, content_type_id) INCLUDE (entry_id, object_id, title_norm, t, b)"
        )
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {STATE} (weights text NOT NULL)")
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {SYNC_FUNCTION}() RETURNS trigger LANGUAGE plpgsql "
            "AS $body$ BEGIN "
            # `update_index` writes every entry again (three times per page, once per model
            # of its class): when its text is what it was, its ranks are too.
            "IF TG_OP = 'UPDATE' AND NEW.title = OLD.title AND NEW.body = OLD.body "
            "AND NEW.title_norm = OLD.title_norm AND NEW.content_type_id = OLD.content_type_id "
            "AND NEW.object_id = OLD.object_id THEN RETURN NULL; END IF; "
            f"IF TG_OP <> 'INSERT' THEN DELETE FROM {TABLE} WHERE entry_id = OLD.id; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {insert}{_rows_sql('(SELECT NEW.*)', weights)}; "
            "END IF; RETURN NULL; END $body$"
        )
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {CLEAR_FUNCTION}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $body$ BEGIN TRUNCATE {TABLE}; RETURN NULL; END $body$"
        )
        cursor.execute(f"DROP TRIGGER IF EXISTS {SYNC_FUNCTION} ON {entries}")
        cursor.execute(
            f"CREATE TRIGGER {SYNC_FUNCTION} AFTER INSERT OR UPDATE OR DELETE ON {entries} "
            f"FOR EACH ROW EXECUTE FUNCTION {SYNC_FUNCTION}()"
        )
        cursor.execute(f"DROP TRIGGER IF EXISTS {CLEAR_FUNCTION} ON {entries}")
        cursor.execute(
            f"CREATE TRIGGER {CLEAR_FUNCTION} AFTER TRUNCATE ON {entries} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {CLEAR_FUNCTION}()"
        )
        cursor.execute(f"TRUNCATE {TABLE}")
        cursor.execute(insert + _rows_sql(entries, weights))
        cursor.execute(f"DELETE FROM {STATE}")
        cursor.execute(f"INSERT INTO {STATE} (weights) VALUES (%s)", [weights])


def uninstall(connection) -> None:
    entries = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS {SYNC_FUNCTION} ON {entries}")
        cursor.execute(f"DROP TRIGGER IF EXISTS {CLEAR_FUNCTION} ON {entries}")
        cursor.execute(f"DROP FUNCTION IF EXISTS {SYNC_FUNCTION}()")
        cursor.execute(f"DROP FUNCTION IF EXISTS {CLEAR_FUNCTION}()")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(f"DROP TABLE IF EXISTS {STATE}")


def sync(connection) -> bool:
    """After `migrate`: install again when the ranks were made with other weights than
    modelsearch's now. Returns whether it did."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [STATE])
        if cursor.fetchone()[0] is None:
            return False  # before the migration that creates it
        cursor.execute(f"SELECT weights FROM {STATE}")
        row = cursor.fetchone()
    if row is not None and row[0] == _weights():
        return False
    install(connection)
    return True
