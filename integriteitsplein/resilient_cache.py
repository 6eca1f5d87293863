"""The shared cache as an optional helper: a cache outage degrades, never breaks a request.

Throttles (logins, follow-up codes) live in the cache. When Redis is down or hangs, a call
fails after the socket timeout (settings: REDIS_TIMEOUT_SECONDS); this module then logs one
line, answers with the default (the check is skipped) and leaves the cache alone for
SKIP_SECONDS in this process, so the next requests do not each wait for the timeout.
"""

import logging
import time
from typing import TypeVar

from django.core.cache import cache

logger = logging.getLogger("integriteitsplein.resilient_cache")

SKIP_SECONDS = 30
T = TypeVar("T")
_skip_until = 0.0


def call(method: str, *args, default: T, **kwargs) -> T:
    """cache.<method>(*args, **kwargs), or `default` while the cache is unreachable."""
    global _skip_until
    if time.monotonic() < _skip_until:
        return default
    try:
        return getattr(cache, method)(*args, **kwargs)
    except ValueError:
        raise  # incr of a missing key: the caller's business, not an outage
    except Exception as error:  # any client error: connection refused, timeout, protocol
        _skip_until = time.monotonic() + SKIP_SECONDS
        logger.warning(
            "Cache niet bereikbaar (%s); controle overgeslagen, %s s geen cache",
            type(error).__name__,
            SKIP_SECONDS,
        )
        return default


def reset() -> None:
    """Forget an outage (tests, or after the cache is back)."""
    global _skip_until
    _skip_until = 0.0
