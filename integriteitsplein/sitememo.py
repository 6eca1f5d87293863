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

`memo` keeps one value per name; `memo_until` one that also runs out at a moment (home's
coming sessions); `memo_each` keeps values per key under a name, a bounded number of them
(search's pages of recent results, ADR 0031).

Nothing personal is kept: which restrictions a visitor passes is decided per request
(search/service.py). When the cache cannot be reached, the generation is unknown and every
value is read from the database on each request (correct, only slower).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.utils import timezone

from integriteitsplein.pagecache import request_generation

# name -> (generation, value, until: the moment it runs out, or None).
_memo: dict[str, tuple[int, object, object]] = {}
# name -> key -> (generation, value), least recently used first (`memo_each`).
_each: dict[str, OrderedDict] = {}
_lock = threading.Lock()


def memo(request, name: str, compute):
    """`compute()` once per generation and process; every time when the cache is down."""
    return memo_until(request, name, lambda: (compute(), None))


def memo_until(request, name: str, compute):
    """`memo` of a value that also depends on the clock: `compute()` gives `(value, until)`,
    `until` the moment it stops being true (an aware datetime; None: only a change of the
    site ends it). Computed again at the first request from that moment on."""
    current = request_generation(request)
    if current is None:
        return compute()[0]
    entry = _memo.get(name)
    if entry is not None and entry[0] == current:
        _generation, value, until = entry
        if until is None or timezone.now() < until:
            return value
    value, until = compute()
    with _lock:
        _memo[name] = (current, value, until)
    return value


def memo_each(request, name: str, keys, compute, limit: int) -> dict:
    """key -> value for each of `keys`: kept per process and generation, at most `limit` of
    them under `name` (the least recently used dropped first), the rest from
    `compute(missing keys) -> {key: value}` (a key it leaves out has no value). Nothing is
    kept while the cache is down."""
    current = request_generation(request)
    found: dict = {}
    if current is not None:
        with _lock:
            kept = _each.setdefault(name, OrderedDict())
            for key in keys:
                entry = kept.get(key)
                if entry is not None and entry[0] == current:
                    found[key] = entry[1]
                    kept.move_to_end(key)
    missing = [key for key in keys if key not in found]
    fresh = compute(missing) if missing else {}
    if current is not None and fresh:
        with _lock:
            kept = _each.setdefault(name, OrderedDict())
            for key, value in fresh.items():
                kept[key] = (current, value)
                kept.move_to_end(key)
            while len(kept) > limit:
                kept.popitem(last=False)
    return {**found, **fresh}


def kept(name: str) -> dict:
    """What `memo_each` keeps under `name`, whatever its generation: key -> value."""
    with _lock:
        return {key: value for key, (_generation, value) in _each.get(name, {}).items()}


def forget(name: str) -> None:
    """Drop what `memo_each` keeps under `name` (a benchmark's first-time measurements)."""
    with _lock:
        _each.pop(name, None)
