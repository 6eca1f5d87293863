"""One place for what a page is called: the search results, the theme's cards and the page
model agree on type label and date (integriteitsplein/listing.py, issue 15)."""

import datetime

from django.apps import apps

from wagtail.models import Page

import pytest

from integriteitsplein.listing import Listed, ListedPage
from kennisbank.constants import LearningForm, PolicyKind
from search.service import run_search
from tests.kennisbank.factories import (
    ContentPageFactory,
    ELearningPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    ThemePageFactory,
)

pytestmark = pytest.mark.django_db


def test_every_page_model_of_the_site_says_what_it_is_called():
    page_models = [m for m in apps.get_models() if issubclass(m, Page) and m is not Page]
    assert page_models
    for model in page_models:
        assert issubclass(model, ListedPage), model
        assert isinstance(model.type_label, (str, property)), model


def test_search_has_no_table_of_its_own():
    import search.service

    assert not hasattr(search.service, "PAGE_TYPE_LABELS")


@pytest.fixture
def theme(home_page):
    theme = ThemePageFactory(parent=home_page, title="Leren over integriteit")
    ELearningPageFactory(parent=theme, title="Klas integriteit", form=LearningForm.KLASSIKAAL)
    ELearningPageFactory(parent=theme, title="Online integriteit", form=LearningForm.ONLINE)
    ContentPageFactory(parent=theme, title="Uitleg integriteit", intro="Integriteit uitgelegd.")
    code = PolicyDocumentPageFactory(
        parent=theme, title="Code integriteit", kind=PolicyKind.PROTOCOL, summary="Integriteit."
    )
    PolicyVersionFactory(page=code, in_force_from=datetime.date(2020, 5, 1))
    code.save_revision().publish()
    return theme


def test_search_results_and_theme_cards_use_the_page_models_labels(rf, medewerker, theme):
    request = rf.get("/zoeken/")
    request.user, request.session = medewerker, {}
    found = {h.title: h for h in run_search(request, "integriteit").hits}
    cards = {item["page"].title: item for item in theme.get_listing()}

    expected = {
        "Klas integriteit": "Training",
        "Online integriteit": "E-learning",
        "Uitleg integriteit": "Uitleg",
        "Code integriteit": "Protocol",
    }
    for title, label in expected.items():
        page = Page.objects.get(title=title).specific
        assert isinstance(page, Listed)
        assert page.type_label == label
        assert found[title].type_label == label, title
        assert cards[title]["type_label"] == label, title
    assert found["Leren over integriteit"].type_label == "Onderwerp"


def test_the_date_of_a_result_is_the_one_the_page_gives(employee_client, home_page, theme):
    news = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page),
        title="Nieuws over integriteit",
        date=datetime.date(2026, 3, 2),
        theme=theme,
    )
    response = employee_client.get("/zoeken/", {"q": "integriteit", "format": "json"})
    by_title = {r["title"]: r for r in response.json()["results"]}

    assert by_title["Code integriteit"]["date"] == "2020-05-01"
    assert by_title[news.title]["date"] == "2026-03-02"
    assert by_title[news.title]["theme"] == "Leren over integriteit"
    assert by_title[news.title]["type"] == "Nieuws"
