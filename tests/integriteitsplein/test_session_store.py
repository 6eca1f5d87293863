"""Sessions come from the cache and keep working when the cache is down (sessions.py)."""

from django.core.cache.backends.redis import RedisCache

import pytest

from integriteitsplein.sessions import SessionStore

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_cache(unused_tcp_port_factory=None):
    # A real Redis client against a port nothing listens on: every call fails.
    return RedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})


def test_a_session_is_read_from_the_cache_after_it_is_saved():
    store = SessionStore()
    store["medewerker"] = 7
    store.save()

    again = SessionStore(store.session_key)
    assert again.load() == {"medewerker": 7}
    assert again._cache.get(again.cache_key) == {"medewerker": 7}


def test_without_a_cache_sessions_are_saved_loaded_and_deleted_in_the_database(
    unreachable_cache,
):
    store = SessionStore()
    store._cache = unreachable_cache
    store["medewerker"] = 7
    store.save()  # Django's cached_db store raises here when the cache is down

    again = SessionStore(store.session_key)
    again._cache = unreachable_cache
    assert again.load() == {"medewerker": 7}

    again.delete()  # logging out
    gone = SessionStore(store.session_key)
    gone._cache = unreachable_cache
    assert gone.load() == {}
