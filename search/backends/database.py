"""Wagtail's database search backend with Dutch analysis done in Python.

`WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}` picks the
SQLite FTS5 or the PostgreSQL variant, like Wagtail's own `wagtail.search.backends.database`.
Both index the output of `search.analysis` (folded, stop words dropped, Dutch stems) and
search with an analysed query, so they give the same results; PostgreSQL gets that text with
its `simple` configuration so it neither stems a stem again nor needs `unaccent`
(docs/adr/0004-dutch-search-analysis.md).
"""

from django.db import connection


def SearchBackend(params):  # the name Wagtail looks for in a backend module
    """The Dutch backend for the database Django uses, like Wagtail's own factory."""
    if connection.vendor == "postgresql":
        from search.backends.postgres import DutchPostgresSearchBackend

        return DutchPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from search.backends.sqlite import DutchSQLiteSearchBackend

        return DutchSQLiteSearchBackend(params)
    raise NotImplementedError(
        "Zoeken in het Nederlands werkt met SQLite of PostgreSQL, of met Elasticsearch "
        "(ELASTICSEARCH_URL)."
    )
