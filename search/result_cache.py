"""The rows of a ranked search statement, kept for a minute in the shared cache.

At 10,000 pages one question costs PostgreSQL 40–80 ms of ranking (docs/performance.md),
and when many people ask the same thing at once (09:00, or after an all-staff mail about
gifts) each of them would pay it again. The rows depend on nothing but the statement and the
site's content, so they are kept (docs/adr/0030) under:

- the statement itself (a digest of its SQL and parameters): the words, the subtrees hidden
  from this visitor and the moment of expiry are all in it, so a visitor who may see less
  asks another statement and never gets the rows of one who may see more;
- the page cache's generation (integriteitsplein/pagecache.py), which every change to
  pages, restrictions, documents, contact persons and promotions raises, now and again
  after the commit: a change shows in the next search;
- for at most SEARCH_RESULT_CACHE_SECONDS (60 s; 0 turns this off): the moment of expiry in
  the statement is rounded to the minute (`search.service.expiry_moment`), so an entry is
  not asked for after its minute anyway.

Nothing personal is kept: the rows are ids of pages, contact persons and documents with
their scores and a few of their columns; the meldkanaal is never indexed. When the cache
cannot be reached every search asks the database (resilient_cache).
"""

import hashlib
import pickle
import zlib

from django.conf import settings

from integriteitsplein import resilient_cache
from integriteitsplein.pagecache import current_generation

KEY = "zoeken:{generation}:{digest}"


def rows(connection, sql: str, params, execute) -> list:
    """`execute(connection, sql, params)`'s rows, from the cache when the same statement
    was answered under the same generation within SEARCH_RESULT_CACHE_SECONDS."""
    seconds = settings.SEARCH_RESULT_CACHE_SECONDS
    generation = current_generation() if seconds > 0 else None
    if generation is None:  # off, or the cache is unreachable
        return execute(connection, sql, params)
    statement = repr((connection.alias, connection.vendor, sql, list(params)))
    key = KEY.format(generation=generation, digest=hashlib.sha256(statement.encode()).hexdigest())
    found = resilient_cache.call("get", key, default=None)
    if isinstance(found, bytes):
        return pickle.loads(zlib.decompress(found))  # noqa: S301 - bytes only this module writes
    fetched = execute(connection, sql, params)
    # Compressed: a question matching most of 10,000 pages gives 2,000–4,000 rows, 170–300 kB
    # pickled, 43–72 kB compressed (1–2 ms to compress, under 1 ms to open).
    stored = zlib.compress(pickle.dumps(fetched, pickle.HIGHEST_PROTOCOL), 1)
    resilient_cache.call("set", key, stored, seconds, default=None)
    return fetched
