"""Redis as a cache that may fail: every call that cannot reach Redis logs one line and
answers as a miss, never an exception (Wagtail's site lookup, sessions, throttles alike).

Each failure costs at most the socket timeout (settings: REDIS_TIMEOUT_SECONDS); after one,
this process leaves Redis alone for SKIP_SECONDS, so a hanging Redis does not slow every call.
The meldkanaal's one-time tokens are in the database, so nothing the reporter needs is lost.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("integriteitsplein.resilient_cache")

SKIP_SECONDS = 30
_state = {"skip_until": 0.0}


def reset() -> None:
    _state["skip_until"] = 0.0


def _guard(method: str, default):
    """RedisCache.<method>, answering `default(args, kwargs)` when Redis cannot be reached."""
    original = getattr(RedisCache, method)

    def guarded(self, *args, **kwargs):
        if time.monotonic() < _state["skip_until"]:
            return default(args, kwargs)
        try:
            return original(self, *args, **kwargs)
        except ValueError:
            raise  # incr of a missing key: the caller's business, not an outage
        except Exception as error:  # connection refused, timeout, protocol error
            _state["skip_until"] = time.monotonic() + SKIP_SECONDS
            logger.warning(
                "Cache niet bereikbaar (%s); controle overgeslagen, %s s geen cache",
                type(error).__name__,
                SKIP_SECONDS,
            )
            return default(args, kwargs)

    guarded.__name__ = method
    return guarded


def _given_default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


def _constant(value):
    return lambda args, kwargs: value


class OneClientPerPool(RedisCacheClient):
    """Django builds a new redis.Redis for every call (with its table of ~170 response
    callbacks: about 0.1 ms each time); one client per connection pool serves every call.
    redis-py's clients may be shared between threads, and a pool starts afresh in a forked
    process (it checks the process id)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool

    get = _guard("get", _given_default)
    set = _guard("set", _constant(None))
    add = _guard("add", _constant(True))
    delete = _guard("delete", _constant(False))
    touch = _guard("touch", _constant(False))
    incr = _guard("incr", _constant(0))
    has_key = _guard("has_key", _constant(False))
    get_many = _guard("get_many", _constant({}))
    set_many = _guard("set_many", _constant([]))
    delete_many = _guard("delete_many", _constant(None))
    clear = _guard("clear", _constant(None))
