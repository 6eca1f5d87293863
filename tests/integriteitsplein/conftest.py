import pytest

from integriteitsplein import resilient_cache


class _CacheDown:
    """Every call fails, as ResilientRedisCache's would without Redis."""

    def __getattr__(self, name):
        def down(*args, **kwargs):
            raise ConnectionError("Redis weg")

        return down


@pytest.fixture
def cache_down(monkeypatch):
    """The cache behind resilient_cache is unreachable until the test ends; afterwards
    resilient_cache forgets the outage, so the next test starts with a working cache."""
    monkeypatch.setattr(resilient_cache, "cache", _CacheDown())
    yield
    monkeypatch.undo()
    resilient_cache.reset()
