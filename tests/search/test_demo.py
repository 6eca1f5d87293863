"""The search demo: promoted results for the pages other apps' demos create."""

from wagtail.contrib.search_promotions.models import SearchPromotion

import pytest

from home.models import HomePage
from search import demo as search_demo
from tests.kennisbank.factories import ContactOverviewPageFactory
from tests.meldkanaal.factories import make_form_page


@pytest.mark.django_db
def test_promotions_are_created_once_and_skip_missing_pages(home_page):
    make_form_page(home_page)
    ContactOverviewPageFactory(parent=home_page)

    search_demo.load(home_page, {})
    search_demo.load(home_page, {})

    promoted = sorted(
        (p.query.query_string, p.page.specific_class.__name__)
        for p in SearchPromotion.objects.select_related("query", "page")
    )
    assert promoted == [
        ("klokkenluider", "MeldFormPage"),
        ("melden", "MeldFormPage"),
        ("vertrouwenspersoon", "ContactOverviewPage"),
    ]  # no gedragscode page yet: skipped


@pytest.mark.django_db
def test_the_search_demo_again_keeps_one_promotion_per_term(demo):
    first = sorted(SearchPromotion.objects.values_list("query__query_string", "page__title"))
    # The search's part again (tests/home/test_load_demo.py loads the whole demo again).
    search_demo.load(HomePage.objects.get(depth=2), {})
    again = sorted(SearchPromotion.objects.values_list("query__query_string", "page__title"))
    assert again == first
    assert {term for term, _title in first} == {
        "gedragscode",
        "klokkenluider",
        "melden",
        "vertrouwenspersoon",
    }
