"""What every search needs about the site, read once per change instead of once per search.

A search needs facts that are the same for every visitor and change only when an editor
changes something: the view restrictions, the live themes, the news items' themes, each page
type's labels, which pages use which document, the promoted search terms, the versions of
the policy documents. Read per search they cost a query each (and, with 10,000 pages, lists
of thousands of ids); here they are kept under a *generation*: a counter in the shared cache
(Redis in production, local memory in development) that every change to pages, restrictions,
collections, documents, contact persons or promotions raises (signals below, now and again
after the commit, so a search in between cannot keep an old value). Each process keeps the
values of the current generation in memory; reading the counter is one cache read, no SQL.

Nothing personal is kept: which restrictions a visitor passes is decided per request
(search/service.py). When the cache cannot be reached, the generation is unknown and every
value is read from the database on each search (correct, only slower).
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

GENERATION_KEY = "search:site-generation"
_local = threading.local()
_memo: dict[str, tuple[int, object]] = {}
_lock = threading.Lock()


def generation() -> int | None:
    """The current generation (read once per request, see `request_generation`), or None
    when the cache is unreachable."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, _fresh_start(), None)
            value = cache.get(GENERATION_KEY)
        return value
    except Exception:
        logger.warning("Cache niet bereikbaar: zoeken leest alles uit de database")
        return None


def request_generation(request) -> int | None:
    if not hasattr(request, "_search_generation"):
        request._search_generation = generation()
    return request._search_generation


def memo(request, name: str, compute):
    """`compute()` once per generation and process; every search when the cache is down."""
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


def bump(**kwargs) -> None:
    """Something a search shows changed: every value of the old generation is stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (or it expired): any new value differs from the old
        try:
            cache.set(GENERATION_KEY, _fresh_start(), None)
        except Exception:
            logger.warning("Cache niet bereikbaar: zoekgegevens niet ververst")
    except Exception:
        logger.warning("Cache niet bereikbaar: zoekgegevens niet ververst")


def _fresh_start() -> int:
    # A new counter starts at the clock (ns): never a value a process may still hold from
    # before the counter was lost (an emptied or restarted cache).
    return time.time_ns()


def changed(**kwargs) -> None:
    bump()
    # Again after the commit: a search between the change and the commit may have read
    # the old rows under the new generation.
    transaction.on_commit(bump)


def _relevant(sender, instance=None, **kwargs) -> bool:
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        Page,
        PageViewRestriction,
    )

    label = sender._meta.label if hasattr(sender, "_meta") else ""
    return (
        isinstance(instance, Page | PageViewRestriction | CollectionViewRestriction | Collection)
        or label in WATCHED_MODELS
    )


# Models whose rows a search reads besides pages and restrictions.
WATCHED_MODELS = {
    "kennisbank.CustomDocument",
    "wagtaildocs.Document",
    "kennisbank.ContactPerson",
    "kennisbank.PolicyVersion",
    "wagtailsearchpromotions.SearchPromotion",
    "wagtailcore.Site",
    # Not wagtailsearchpromotions.Query: every search counts its term there (statistics).
}


def _on_save_or_delete(sender, instance=None, **kwargs):
    if _relevant(sender, instance):
        changed()


def _on_groups_changed(sender, instance=None, **kwargs):
    from wagtail.models import BaseViewRestriction

    if isinstance(instance, BaseViewRestriction):
        changed()


def connect_signals() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    uid = "search-site-generation"
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(changed, dispatch_uid=f"{uid}-{id(signal)}")
    post_save.connect(_on_save_or_delete, dispatch_uid=f"{uid}-save")
    post_delete.connect(_on_save_or_delete, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_on_groups_changed, dispatch_uid=f"{uid}-groups")
