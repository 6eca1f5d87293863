"""`public_for(request)` lists the same pages as Wagtail's `public()`, with the view
restrictions read once per change of the site (integriteitsplein/restrictions.py)."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

import pytest

from integriteitsplein.restrictions import PublicPageQuerySet
from tests.kennisbank.factories import ContentPageFactory, ThemePageFactory


def _pages(request=None) -> set[int]:
    pages = PublicPageQuerySet(Page).live().filter(depth__gt=1)
    return set(
        (pages.public() if request is None else pages.public_for(request)).values_list(
            "pk", flat=True
        )
    )


def _request():
    return RequestFactory().get("/")


@pytest.fixture
def site(home_page):
    """Two themes with pages under them; one theme behind each kind of restriction, and a
    page behind one on its own."""
    open_theme = ThemePageFactory(parent=home_page, title="Open")
    pages = [ContentPageFactory(parent=open_theme, title=f"Open {n}") for n in range(2)]
    for kind in (
        PageViewRestriction.LOGIN,
        PageViewRestriction.GROUPS,
        PageViewRestriction.PASSWORD,
    ):
        theme = ThemePageFactory(parent=home_page, title=f"Dicht {kind}")
        ContentPageFactory(parent=theme, title=f"Onder {kind}")
        PageViewRestriction.objects.create(page=theme, restriction_type=kind, password="geheim")
    PageViewRestriction.objects.create(page=pages[1], restriction_type=PageViewRestriction.LOGIN)
    return pages


@pytest.mark.django_db
def test_the_same_pages_as_public_for_every_kind_of_restriction(site):
    assert _pages(_request()) == _pages()
    assert site[0].pk in _pages() and site[1].pk not in _pages()


@pytest.mark.django_db
def test_read_once_per_change_and_a_new_restriction_counts_at_once(site):
    _pages(_request())  # the first reader after the change reads them
    with CaptureQueriesContext(connection) as captured:
        assert site[0].pk in _pages(_request())
    assert not [q for q in captured if "pageviewrestriction" in q["sql"]]

    PageViewRestriction.objects.create(page=site[0], restriction_type=PageViewRestriction.LOGIN)

    assert site[0].pk not in _pages(_request())
    assert _pages(_request()) == _pages()


@pytest.mark.django_db
def test_with_the_cache_down_they_are_read_every_time(site, cache_down):
    expected = _pages()
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert _pages(_request()) == expected
        assert [q for q in captured if "pageviewrestriction" in q["sql"]]
