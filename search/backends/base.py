"""What the Dutch database backends share: analysed index text and analysed queries."""

import types

from django.db import connections

from modelsearch.backends.base import EmptySearchResults
from modelsearch.index import AutocompleteField, RelatedFields
from modelsearch.query import And, Or, PlainText

from search.analysis import analyze_query, analyze_text, fold_text


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

    def ranked_many(self, queries, queryset, fields=(), limit=None):
        """The ranked rows of several queries in one SQL statement (UNION ALL of
        `ranked_values`' query per query): `[(index of the query, pk, *fields, score)]`,
        each query's rows best first. The search page's fallback asks one query per word;
        this keeps that one round trip per kind of object. None when a backend's query
        cannot be written out (then the caller asks them one by one)."""
        parts = []
        for index, query in enumerate(queries):
            results = self.search(query, queryset, operator="and")
            compiler = results.query_compiler
            if compiler is None:
                continue
            compiled = compiler.ranked_sql(self, ("pk", *fields), limit)
            if compiled is None:
                return None
            parts.append((index, *compiled))
        if not parts:
            return []
        sql = " UNION ALL ".join(
            f"SELECT {index} AS search_group, q.* FROM ({part_sql}) AS q"  # noqa: S608
            for index, part_sql, _params, _convert in parts
        )
        params = [param for _index, _sql, part_params, _convert in parts for param in part_params]
        converts = {index: convert for index, _sql, _params, convert in parts}
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [(row[0], *converts[row[0]](row[1:])) for row in rows]
