"""The Redactie's synonym list (search.Synoniem), read by every search through the cache.

Each search reads the list once per query analysis, so it lives in the cache (Redis in
production, shared by every process) and is invalidated when a synonym is saved or
deleted. When the cache is down the list is read from the database: a search never fails
on it.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

logger = logging.getLogger(__name__)

CACHE_KEY = "search:synoniemen:v1"
# Saving invalidates the list at once; the timeout only bounds how long a list survives
# an invalidation the cache missed (it was down at that moment).
CACHE_SECONDS = 300


def _read() -> tuple[tuple[str, str], ...] | None:
    """The pairs from the database; None when it cannot be read (before `migrate`, or
    without database access, as in pure unit tests): search then goes without them."""
    from search.models import Synoniem

    pairs = []
    try:
        rows = list(Synoniem.objects.values_list("term", "words"))
    except (DatabaseError, RuntimeError):
        logger.warning("Could not read the synonym list", exc_info=True)
        return None
    for term, words in rows:
        for word in Synoniem(term=term, words=words).word_list:
            # Both ways: the term finds the word, and the word finds the term.
            pairs += [(term, word), (word, term)]
    return tuple(pairs)


def redactie_synonym_pairs() -> tuple[tuple[str, str], ...]:
    """(typed, also means) pairs of the Redactie's synonyms."""
    try:
        pairs = cache.get(CACHE_KEY)
    except Exception:  # a cache outage degrades to a database read
        logger.warning("Cache unavailable for the synonym list", exc_info=True)
        return _read() or ()
    if pairs is None:
        pairs = _read()
        if pairs is None:
            return ()
        try:
            cache.set(CACHE_KEY, pairs, CACHE_SECONDS)
        except Exception:
            logger.warning("Cache unavailable for the synonym list", exc_info=True)
    return tuple(tuple(pair) for pair in pairs)


def forget() -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable: the synonym list was not invalidated", exc_info=True)


@receiver(post_save, sender="search.Synoniem")
@receiver(post_delete, sender="search.Synoniem")
def _synonyms_changed(sender, **kwargs):
    # Now, and again after the commit: a search in between may have cached the old list.
    forget()
    transaction.on_commit(forget)
