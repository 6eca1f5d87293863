import pytest

from tests.meldkanaal.factories import make_form_page


@pytest.fixture
def form_page(home_page):
    return make_form_page(home_page)


@pytest.fixture(autouse=True)
def _clear_cache():
    """One-time tokens and throttles live in the cache; start each test empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
