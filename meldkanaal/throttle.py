"""Throttles guessing of follow-up codes without storing who guessed.

Two failure counters in the cache (Redis in production, shared by all app processes):
one for everybody and one per code prefix (hashed), per hour. No IP address, session or
account is involved, so an anonymous reporter is never recorded here.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

GLOBAL_LIMIT = 200  # failed attempts per hour, all visitors together
PREFIX_LIMIT = 10  # failed attempts per hour on the same code prefix
WINDOW_SECONDS = 60 * 60


def _window() -> str:
    return timezone.now().strftime("%Y%m%d%H")


def _keys(prefix: str) -> tuple[str, str]:
    digest = hmac.new(settings.SECRET_KEY.encode(), prefix.encode(), hashlib.sha256).hexdigest()
    window = _window()
    return (
        f"meldkanaal:opvolgen:alle:{window}",
        f"meldkanaal:opvolgen:prefix:{digest[:16]}:{window}",
    )


def is_blocked(prefix: str) -> bool:
    global_key, prefix_key = _keys(prefix)
    return (cache.get(global_key) or 0) >= GLOBAL_LIMIT or (
        cache.get(prefix_key) or 0
    ) >= PREFIX_LIMIT


def register_failure(prefix: str) -> None:
    for key in _keys(prefix):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
