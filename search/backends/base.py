"""What the Dutch database backends share: analysed index text and analysed queries."""

# ruff: noqa: S608 - the SQL here is built from names and placeholders written in this file
# and SQL compiled by Django; every value goes in as a parameter.

import re
import types
from itertools import count, groupby
from operator import itemgetter

from django.db import connections
from django.db.models import F

from modelsearch.backends.base import EmptySearchResults
from modelsearch.index import AutocompleteField, RelatedFields
from modelsearch.query import And, Or, PlainText

from search import result_cache
from search.analysis import analyze_query, analyze_text, fold_text

# --- SQL compiled once per query shape (docs/adr/0029) -------------------------------------

# {(shape, *the caller's key): (sql, params with placeholder words)}. Shapes are few (how many
# word groups, alternatives and words), so this stays small; the bound only guards against a
# flood of odd questions.
_COMPILED: dict = {}
_COMPILED_MAX = 512
# A placeholder word: private-use characters, which the analysed words of a search never hold
# and which no SQL written here contains.
_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")


def query_shape(query, terms: list, split):
    """The query without its words (appended to `terms` in the order modelsearch reads them,
    a PlainText split by `split` as the backend splits it), or None for a kind of query kept
    out of the reused SQL (phrases, negations)."""
    if type(query) is PlainText:
        words = [word for word in split.split(query.query_string) if word]
        if not words:
            return None
        terms.extend(words)
        return ("text", len(words), query.operator, query.boost)
    if type(query) in (And, Or):
        parts = tuple(query_shape(part, terms, split) for part in query.subqueries)
        if None in parts:
            return None
        return (type(query).__name__, parts)
    return None


def _placeholder_query(query, numbers, split):
    """The same query with placeholder words, numbered as `query_shape` collects them."""
    if type(query) is PlainText:
        words = [word for word in split.split(query.query_string) if word]
        placeholders = " ".join(_PLACEHOLDER.format(next(numbers)) for _ in words)
        return PlainText(placeholders, operator=query.operator, boost=query.boost)
    return type(query)([_placeholder_query(part, numbers, split) for part in query.subqueries])


def compiled_per_shape(query, key: tuple, split, compile_sql):
    """`compile_sql(query)` -> (sql, params), compiled once per shape of `query` and `key`.

    Compiling a ranked query through the ORM costs 3–4 ms of CPU, and a question's fallback
    compiles one per word and kind; the SQL depends on the query's shape, not on its words.
    So it is compiled with placeholder words, and each search writes its own words into the
    parameters, escaped as modelsearch's `Lexeme` escapes them on both databases
    (tests/search/test_compiled_per_shape.py holds the outcome to a fresh compilation)."""
    terms: list[str] = []
    shape = query_shape(query, terms, split)
    if shape is None:
        return compile_sql(query)
    template = _COMPILED.get((shape, *key))
    if template is None:
        template = compile_sql(_placeholder_query(query, count(), split))
        if _PLACEHOLDER_RE.search(template[0]):  # a word in the SQL text: not reusable
            return compile_sql(query)
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[(shape, *key)] = template
    sql, params = template
    words = [term.replace("'", "''").replace("\\", "\\\\") for term in terms]

    def word(match):
        return words[int(match[1])]

    return sql, [
        _PLACEHOLDER_RE.sub(word, param) if isinstance(param, str) else param for param in params
    ]


# --- The matches joined to the objects a search may show (both databases) ------------------


def ranked_join_sql(queryset, fields, entries, *, key, join, best_first, limit):
    """(sql, params) of the matching index entries joined to `queryset`'s objects by
    primary key: rows `(key, *fields but pk, score)`, best first, at most `limit`.

    `entries` is the matches' (sql, params), with their object's key as `_k` and score as
    `_s`; the objects are `o.c0` (the key), `o.c1`, …. `key` is the key column selected and
    ordered on, `join` the join condition, `best_first` "DESC" (higher is better) or "ASC"."""
    columns = ("pk", *(name for name in fields if name != "pk"))
    objects_sql, objects_params = _objects_sql(queryset, columns)
    entries_sql, entries_params = entries
    values = "".join(f", o.c{n}" for n in range(1, len(columns)))
    sql = (
        f"SELECT {key}{values}, m._s FROM ({entries_sql}) AS m "
        f"JOIN ({objects_sql}) AS o ON {join} "
        f"ORDER BY m._s {best_first}, {key} {best_first}"
    )
    params = [*entries_params, *objects_params]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params


class RankedSqlMixin:
    """`ranked_sql` for the Dutch database compilers: their `ranked_parts` (the matching
    entries, key, join condition and row converter) joined to the objects, best first."""

    best_first = "DESC"  # higher scores are better; SQLite's bm25() says "ASC"

    def ranked_sql(self, backend, fields, limit):
        """(sql, params, convert) of `ranked_values`' query: `convert(row)` makes a row
        `(pk, *fields, score)`; None when only the upstream query fits."""
        parts = self.ranked_parts(backend, fields)
        if parts is None:
            return None
        entries, key, join, convert = parts
        sql, params = ranked_join_sql(
            self.queryset,
            fields,
            entries,
            key=key,
            join=join,
            best_first=self.best_first,
            limit=limit,
        )
        return sql, params, convert


def _objects_sql(queryset, columns: tuple):
    """(sql, params) of the objects' `columns` as c0, c1, …: compiled once per queryset and
    columns, as `ranked_batch` asks one queryset once per word."""
    compiled = queryset.__dict__.setdefault("_ranked_objects_sql", {})
    if columns not in compiled:
        aliases = {f"c{n}": F(name) for n, name in enumerate(columns)}
        objects = queryset.order_by().annotate(**aliases).values_list(*aliases)
        compiled[columns] = objects.query.sql_with_params()
    return compiled[columns]


def analyzing_indexer(base):
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


def with_indexer(function, indexer_class):
    """`function` (an upstream `add_items`) with its module's ObjectIndexer replaced.

    The upstream index classes build `ObjectIndexer(obj, backend)` by its module-level name;
    rebinding that one global keeps their SQL untouched. tests/search/test_dutch_analysis.py checks
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

    def fetch_ranked(self, connection, sql, params):
        """The rows of a ranked statement: kept for a minute per statement and change of
        the site (search/result_cache.py), else `execute_ranked`."""
        return result_cache.rows(connection, sql, params, self.execute_ranked)

    def execute_ranked(self, connection, sql, params):
        """The rows of a ranked statement (one round trip); PostgreSQL's backend adds a
        planner setting."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ranked(self, query, queryset, fields=(), operator="and", limit=None, prefix=False):
        """Rows `(pk, *fields, score)` of the matches in `queryset`, best first, higher
        scores better, in one SQL query and without building a model instance per match.

        The search page needs every match (for its filter counts) but only a few columns;
        `search().annotate_score()` would build every object and, on SQLite, rank each
        row in its own subquery.
        """
        method = self.autocomplete if prefix else self.search
        results = method(query, queryset, operator=operator)
        if results.query_compiler is None:  # nothing searchable was left of the query
            return []
        return results.query_compiler.ranked_values(self, ("pk", *fields), limit)

    def ranked_batch(self, requests, limit=None):
        """The ranked rows of several searches in one SQL statement: `requests` is a list of
        `(query, queryset, fields, operator)` (a queryset may be None: no rows); returns a
        list of rows per request, each `(pk, *fields, score)`, higher scores better (in no
        promised order: the search sorts them itself).

        The search page asks pages, contact persons and documents at once, and its fallback
        one search per word of each: one round trip instead of three or eighteen. Each
        request is `ranked_values`' own query (the same plan, tests/search/
        test_postgres_plan.py) as a common table expression; the UNION ALL of them gives
        each request's fields their own columns (NULL of that type in the other rows, so
        PostgreSQL can match the types). None when a query cannot be written out (then
        the caller asks them one by one)."""
        connection = None
        parts = []  # (request index, its field count, its SQL, params, convert)
        for index, (query, queryset, fields, operator) in enumerate(requests):
            if queryset is None:
                continue
            compiler = self.search(query, queryset, operator=operator).query_compiler
            if compiler is None:  # nothing searchable was left of the query
                continue
            compiled = compiler.ranked_sql(self, ("pk", *fields), limit)
            if compiled is None:
                return None
            connection = connections[queryset.db]
            names = [name for name in fields if name != "pk"]
            meta = queryset.model._meta
            types = [meta.get_field(name).cast_db_type(connection) for name in names]
            parts.append((index, types, *compiled))
        out: list[list[tuple]] = [[] for _ in requests]
        if not parts:
            return out
        slots = [t for _index, types, *_rest in parts for t in types]
        ctes, selects, params, layout = [], [], [], {}
        start = 0
        for index, types, sql, part_params, convert in parts:
            own = [f"f{n}" for n in range(len(types))]
            columns = [f"CAST(NULL AS {t})" for t in slots]
            columns[start : start + len(types)] = own
            ctes.append(f"r{index} ({', '.join(['k', *own, 's'])}) AS ({sql})")
            selects.append(
                f"SELECT {index} AS request, k, s{''.join(', ' + c for c in columns)} FROM r{index}"
            )
            params += part_params
            # (request, k, s, slots…) -> (k, its own slots…, s) in C, one tuple per row.
            pick = itemgetter(1, *range(3 + start, 3 + start + len(types)), 2)
            layout[index] = (pick, convert)
            start += len(types)
        sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}"
        rows = self.fetch_ranked(connection, sql, params)
        for index, group in groupby(rows, itemgetter(0)):  # runs of one request's rows
            pick, convert = layout[index]
            out[index].extend(map(convert, map(pick, group)))
        return out

    def ranked_summary(self, pages, others, top, individual_types, individual_pks, now, limit):
        """A search of pages summed up in SQL, in one statement with the ranked rows of
        `others` (contact persons, documents: a few hundred at most, every row).

        `pages` is `(query, queryset, fields, operator)` with the fields
        `(content_type_id, path, title, expire_at)`. Of the best `limit` matches (the
        same rows as `ranked_values`), those not past their expiry date at `now`:

        - `top`: the `top` best rows `(pk, *fields, score)`;
        - `individual`: every row of the page types in `individual_types` and of the pks
          in `individual_pks` (the types whose label or theme is decided per page, the
          policy documents the version rules need, the promoted pages);
        - `groups`: `(content type, parent path, count)` of all other rows: their label
          is their type's and their theme the one above their parent, so the facets need
          no more.

        At 10,000 matching pages this returns a few thousand small rows instead of ten
        thousand (docs/adr/0027). None when a query cannot be written out."""
        query, queryset, fields, operator = pages
        empty = {"top": [], "individual": [], "groups": [], "matched": 0}
        compiler = self.search(query, queryset, operator=operator).query_compiler
        if compiler is None:  # nothing searchable was left of the query
            return {**empty, "others": [[] for _ in others]}
        compiled = compiler.ranked_sql(self, ("pk", *fields), limit)
        if compiled is None:
            return None
        sql, params, convert = compiled
        ctes = [f"r (k, ct, path, title, exp, s) AS MATERIALIZED ({sql})"]
        ctes.append("v AS (SELECT * FROM r WHERE exp IS NULL OR exp > %s)")
        connection = connections[queryset.db]
        params = [*params, connection.ops.adapt_datetimefield_value(now)]
        wanted = []
        if individual_types:
            wanted.append(f"ct IN ({', '.join(['%s'] * len(individual_types))})")
        if individual_pks:  # on SQLite the key is the index entry's text object_id
            wanted.append(f"CAST(k AS INTEGER) IN ({', '.join(['%s'] * len(individual_pks))})")
        wanted_sql = f"({' OR '.join(wanted)})" if wanted else "(1 = 0)"
        wanted_params = [*individual_types, *individual_pks]
        best = "s DESC" if self.best_score_first else "s ASC"
        parent = "substr(path, 1, length(path) - 4)"  # Wagtail's steplen is 4
        # Only placeholders and names written here go into the SQL; values are parameters.
        selects = [
            "SELECT 0 AS part, k, ct, path, title, exp, s, 1 AS n "
            f"FROM (SELECT * FROM v ORDER BY {best}, k LIMIT %s) AS t",
            f"SELECT 1, k, ct, path, title, exp, s, 1 FROM v WHERE {wanted_sql}",
            f"SELECT 2, NULL, ct, {parent}, NULL, NULL, NULL, COUNT(*) FROM v "
            f"WHERE NOT {wanted_sql} GROUP BY ct, {parent}",
            "SELECT 3, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*) FROM r",
        ]
        select_params = [top, *wanted_params, *wanted_params]
        converts = []
        for index, (other_query, other_queryset, other_fields, other_operator) in enumerate(others):
            converts.append(None)
            if other_queryset is None:
                continue
            other = self.search(other_query, other_queryset, operator=other_operator)
            if other.query_compiler is None:
                continue
            compiled = other.query_compiler.ranked_sql(self, ("pk", *other_fields), limit)
            if compiled is None:
                return None
            other_sql, other_params, converts[-1] = compiled
            ctes.append(f"o{index} (k, f, s) AS ({other_sql})")
            params += other_params
            selects.append(f"SELECT {4 + index}, k, NULL, NULL, f, NULL, s, 1 FROM o{index}")
        # Parameters in the order they appear: the CTEs', then the selects'.
        sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}"
        rows = self.fetch_ranked(connection, sql, [*params, *select_params])
        out = {**empty, "others": [[] for _ in others]}
        for part, k, ct, path, title, exp, s, n in rows:
            if part == 0:
                out["top"].append(convert((k, ct, path, title, exp, s)))
            elif part == 1:
                out["individual"].append(convert((k, ct, path, title, exp, s)))
            elif part == 2:
                out["groups"].append((ct, path, n))
            elif part == 3:
                out["matched"] = n
            else:
                out["others"][part - 4].append(converts[part - 4]((k, title, s)))
        return out

    def ranked_words_summary(
        self, queries, pages, others, top, individual_types, individual_pks, now, limit
    ):
        """The fallback of a question whose words are not found together, summed up in SQL
        like `ranked_summary`: per word (`queries`, each a group of alternatives) the best
        `limit` matches of each kind, as `_any_word_hits` (search/service.py) reads them;
        a page's score is the sum over its words of the word's rarity times its share of
        that word's best page score, computed here in double precision in the same order
        as Python does, so the order is the same.

        Every word's matching entries are read first, grouped per page (a score per word),
        and joined to the visible pages once. Joining each word's matches to the pages
        apart hashed every page once per word: a third of the statement for two common
        words at 10,000 pages (docs/performance.md). That way (`each`) only runs when a word
        has more visible matches than `limit`: it keeps each word's best `limit`.

        `pages` is `(queryset, fields, operator, excluded_pks)`: the pages already found
        with every word are left out. Returns `top`, `individual` (rows `(pk, ct, path,
        title, expire_at, score, bits)`: bit i set when the page has word i), `groups`,
        `stats` (per word: raw page rows, then per kind its rows and best score; and per
        kind the distinct matches) and `others` (per kind, per word: its rows)."""
        args = (queries, pages, others, top, individual_types, individual_pks, now, limit)
        out = self._words_summary(*args, each=False)
        if out is not None and any(out["stats"][f"raw{i}"] > limit for i in range(len(queries))):
            out = self._words_summary(*args, each=True)
        return out

    def _words_summary(
        self, queries, pages, others, top, individual_types, individual_pks, now, limit, each
    ):
        queryset, fields, operator, excluded = pages
        connection = connections[queryset.db]
        sign = "" if self.best_score_first else "-"  # SQLite's bm25(): lower is better
        double = "DOUBLE PRECISION"
        ctes, params, words = [], [], list(range(len(queries)))
        convert = None
        if each:  # each word's best `limit` visible pages (w), then the unexpired (p)
            for i, query in enumerate(queries):
                compiler = self.search(query, queryset, operator=operator).query_compiler
                compiled = compiler and compiler.ranked_sql(self, ("pk", *fields), limit)
                if compiled is None:
                    return None
                sql, sql_params, convert = compiled
                ctes.append(f"w{i} (k, ct, path, title, exp, s) AS MATERIALIZED ({sql})")
                ctes.append(f"p{i} AS (SELECT * FROM w{i} WHERE exp IS NULL OR exp > %s)")
                params += [*sql_params, connection.ops.adapt_datetimefield_value(now)]
        else:  # every word's matches, a column of scores per word (g), the visible (j)
            entries = []
            for i, query in enumerate(queries):
                compiler = self.search(query, queryset, operator=operator).query_compiler
                parts = compiler and compiler.ranked_parts(self, ("pk", *fields))
                if parts is None:
                    return None
                (sql, sql_params), key, join, convert = parts
                entries.append(f"SELECT e._k, {i} AS i, e._s FROM ({sql}) AS e")
                params += sql_params
            columns = ("pk", *(name for name in fields if name != "pk"))
            objects_sql, objects_params = _objects_sql(queryset, columns)
            per_word = ", ".join(f"MAX(CASE WHEN i = {i} THEN _s END) AS x{i}" for i in words)
            xs = "".join(f", x{i}" for i in words)
            ctes.append(  # one index entry per page: a word's score is its entry's
                f"g AS MATERIALIZED (SELECT _k, {per_word} "
                f"FROM ({' UNION ALL '.join(entries)}) AS e GROUP BY _k)"
            )
            ctes.append(
                f"j (k, ct, path, title, exp{xs}) AS MATERIALIZED (SELECT {key}, "
                f"o.c1, o.c2, o.c3, o.c4{''.join(f', m.x{i}' for i in words)} "
                f"FROM g AS m JOIN ({objects_sql}) AS o ON {join})"
            )
            ctes.append("pm AS MATERIALIZED (SELECT * FROM j WHERE exp IS NULL OR exp > %s)")
            params += [*objects_params, connection.ops.adapt_datetimefield_value(now)]
            page_stats = ", ".join(
                f"COUNT(x{i}) AS c{i}, CAST(MAX({sign}x{i}) AS {double}) AS m{i}" for i in words
            )
            ctes.append(f"ps AS MATERIALIZED (SELECT COUNT(*) AS n, {page_stats} FROM pm)")
            raw = ", ".join(f"COUNT(x{i}) AS raw{i}" for i in words)
            ctes.append(f"rs AS MATERIALIZED (SELECT {raw} FROM j)")
        other_converts = []
        for kind, (other_queryset, other_fields, other_operator) in enumerate(others):
            kind_converts = []
            for i, query in enumerate(queries):
                name = f"o{kind}_{i}"
                compiled = None
                if other_queryset is not None:
                    compiler = self.search(
                        query, other_queryset, operator=other_operator
                    ).query_compiler
                    compiled = compiler and compiler.ranked_sql(self, ("pk", *other_fields), limit)
                if compiled is None:
                    ctes.append(
                        f"{name} (k, f, s) AS (SELECT CAST(NULL AS INTEGER), "
                        "CAST(NULL AS VARCHAR(255)), CAST(NULL AS DOUBLE PRECISION) WHERE 1 = 0)"
                    )
                    kind_converts.append(None)
                    continue
                sql, sql_params, other_convert = compiled
                ctes.append(f"{name} (k, f, s) AS MATERIALIZED ({sql})")
                params += sql_params
                kind_converts.append(other_convert)
            other_converts.append(kind_converts)
        other_kinds = [f"o{kind}_" for kind in range(len(others))]

        def count(table):
            return f"(SELECT COUNT(*) FROM {table})"

        def distinct(kind):
            union = " UNION ".join(f"SELECT k FROM {kind}{i}" for i in words)
            return f"(SELECT COUNT(*) FROM ({union}) AS u)"

        found = [distinct("p") if each else "ps.n", *(distinct(k) for k in other_kinds)]
        stats = [f"{' + '.join(found)} AS found"]
        for i in words:
            with_word = [count(f"p{i}") if each else f"ps.c{i}"]
            with_word += [count(f"{k}{i}") for k in other_kinds]
            stats.append(f"{' + '.join(with_word)} AS with{i}")
            stats.append(f"{count(f'w{i}') if each else f'rs.raw{i}'} AS raw{i}")
            # Python: the best page score of the word, or 1.0 when it is 0 or none.
            best = f"(SELECT CAST(MAX({sign}s) AS {double}) FROM p{i})" if each else f"ps.m{i}"
            stats.append(f"COALESCE(NULLIF({best}, 0), 1.0) AS b{i}")
        source = "" if each else " FROM ps CROSS JOIN rs"
        ctes.append(f"st0 AS MATERIALIZED (SELECT {', '.join(stats)}{source})")
        # Python: log(1 + found / with_word); a word nothing has is skipped there.
        rarity = ", ".join(
            f"ln(1 + CAST(found AS {double}) / NULLIF(with{i}, 0)) AS r{i}" for i in words
        )
        ctes.append(f"st AS MATERIALIZED (SELECT st0.*, {rarity} FROM st0)")
        if each:  # the unexpired pages with any word, a column of scores per word
            union = " UNION ALL ".join(
                f"SELECT k, ct, path, title, exp, {i} AS i, s FROM p{i}" for i in words
            )
            values = ", ".join(f"MAX(CASE WHEN i = {i} THEN s END) AS x{i}" for i in words)
            ctes.append(
                "pm AS (SELECT k, MIN(ct) AS ct, MIN(path) AS path, MIN(title) AS title, "
                f"MIN(exp) AS exp, {values} FROM ({union}) AS pu GROUP BY k)"
            )
        score = "0"
        for i in words:  # ((0 + t0) + t1) + …: Python's order, so the same double
            score = f"({score} + COALESCE(st.r{i} * ({sign}x{i}) / st.b{i}, 0))"
        bits = " + ".join(f"CASE WHEN x{i} IS NULL THEN 0 ELSE {1 << i} END" for i in words)
        keep = "1 = 1"
        if excluded:
            keep = f"CAST(k AS INTEGER) NOT IN ({', '.join(['%s'] * len(excluded))})"
            params += list(excluded)
        ctes.append(
            f"v AS (SELECT k, ct, path, title, exp, {score} AS s, {bits} AS bits "
            f"FROM pm CROSS JOIN st WHERE {keep})"
        )
        wanted = []
        if individual_types:
            wanted.append(f"ct IN ({', '.join(['%s'] * len(individual_types))})")
        if individual_pks:
            wanted.append(f"CAST(k AS INTEGER) IN ({', '.join(['%s'] * len(individual_pks))})")
        wanted_sql = f"({' OR '.join(wanted)})" if wanted else "(1 = 0)"
        wanted_params = [*individual_types, *individual_pks]
        parent = "substr(path, 1, length(path) - 4)"
        stat_columns = ["found", *(f"{c}{i}" for i in words for c in ("with", "raw"))]
        selects = [
            "SELECT 0 AS part, k, ct, path, title, s, bits, 1 AS n "
            "FROM (SELECT * FROM v ORDER BY s DESC, k LIMIT %s) AS t",
            f"SELECT 1, k, ct, path, title, s, bits, 1 FROM v WHERE {wanted_sql}",
            f"SELECT 2, NULL, ct, {parent}, NULL, NULL, NULL, COUNT(*) FROM v "
            f"WHERE NOT {wanted_sql} GROUP BY ct, {parent}",
        ]
        select_params = [top, *wanted_params, *wanted_params]
        for n, column in enumerate(stat_columns):
            selects.append(f"SELECT 3, {n}, NULL, NULL, NULL, NULL, NULL, {column} FROM st")
        for kind in range(len(others)):
            for i in words:
                if other_converts[kind][i] is None:
                    continue  # no such objects (an empty CTE: counted as none)
                selects.append(
                    f"SELECT {4 + kind * len(words) + i}, k, NULL, NULL, f, s, NULL, 1 "
                    f"FROM o{kind}_{i}"
                )
        sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}"
        rows = self.fetch_ranked(connection, sql, [*params, *select_params])
        out = {
            "top": [],
            "individual": [],
            "groups": [],
            "stats": {},
            "others": [[[] for _ in words] for _ in others],
        }
        for part, k, ct, path, title, s, bits, n in rows:
            if part in (0, 1):
                # The score is computed here: only the values are converted.
                pk, ct, path, title, _exp, _s = convert((k, ct, path, title, None, 0.0))
                out["top" if part == 0 else "individual"].append(
                    (pk, ct, path, title, None, s, bits)
                )
            elif part == 2:
                out["groups"].append((ct, path, n))
            elif part == 3:
                out["stats"][stat_columns[k]] = n
            else:
                kind, i = divmod(part - 4, len(words))
                out["others"][kind][i].append(other_converts[kind][i]((k, title, s)))
        return out
