"""Throttles guessing of follow-up codes without storing who guessed.

One failure counter per code prefix (the first characters of a code, hashed with the
secret key), per hour, in the cache (Redis in production, shared by all app processes).
Every failed code counts against its own prefix, whether or not a report with that prefix
exists, so a 429 says nothing about which prefixes are in use. There is deliberately no
global counter: one person guessing must not lock every reporter out of their case. A
guesser who spreads over prefixes gains nothing either: 120 bits of code stay 120 bits.
No IP address, session or account is involved, so an anonymous reporter is never recorded.
"""

import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from integriteitsplein import resilient_cache

PREFIX_LIMIT = 10  # failed attempts per hour on the same code prefix
WINDOW_SECONDS = 60 * 60


def _key(prefix: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), prefix.encode(), hashlib.sha256).hexdigest()
    window = timezone.now().strftime("%Y%m%d%H")
    return f"meldkanaal:opvolgen:prefix:{digest[:16]}:{window}"


# With the cache unreachable the check is skipped with a log line (integriteitsplein/
# resilient_cache.py): a reporter must reach their case; 120 bits stay out of reach meanwhile.


def is_blocked(prefix: str) -> bool:
    return (resilient_cache.call("get", _key(prefix), default=0) or 0) >= PREFIX_LIMIT


def register_failure(prefix: str) -> None:
    key = _key(prefix)
    resilient_cache.call("add", key, 0, WINDOW_SECONDS, default=None)
    try:
        resilient_cache.call("incr", key, default=None)
    except ValueError:  # expired between add and incr
        resilient_cache.call("set", key, 1, WINDOW_SECONDS, default=None)
