"""Facts about the site that every reader shares, read once per change instead of per request.

Search and the lists of public pages need facts that are the same for every visitor and
change only when an editor changes something: the view restrictions, the live themes, the
news items' themes, each page type's labels, which pages use which document, the promoted
search terms, the versions of the policy documents. Read per request they cost a query each
(and, with 10,000 pages, lists of thousands of ids); here each process keeps them under the
page cache's *generation* (integriteitsplein/pagecache.py): the one counter in the shared
cache that every change to pages, restrictions, collections, documents, images, contact
persons, versions, promotions or settings raises, now and again after the commit, so a
request in between cannot keep an old value. Reading it is one cache read per request,
shared with the page cache and the per-process routes (routememo.py).

Nothing personal is kept: which restrictions a visitor passes is decided per request
(search/service.py). When the cache cannot be reached, the generation is unknown and every
value is read from the database on each request (correct, only slower).
"""

from __future__ import annotations

import threading

from integriteitsplein.pagecache import request_generation

_memo: dict[str, tuple[int, object]] = {}
_lock = threading.Lock()


def memo(request, name: str, compute):
    """`compute()` once per generation and process; every time when the cache is down."""
    current = request_generation(request)
    if current is None:
        return compute()
    entry = _memo.get(name)
    if entry is not None and entry[0] == current:
        return entry[1]
    value = compute()
    with _lock:
        _memo[name] = (current, value)
    return value
