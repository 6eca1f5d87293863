"""The kennisbank's demo content: complete, and the same after loading twice."""

import datetime

from wagtail.models import Page

import pytest

from home import demo as home_demo
from kennisbank import demo
from kennisbank.models import ContactPerson, NewsPage, PolicyDocumentPage, PolicyVersion, ThemePage


def _load():
    accounts = home_demo.load_accounts()
    home = home_demo.load_home()
    return demo.load(home, accounts)


def _snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "versions": sorted(PolicyVersion.objects.values_list("page__slug", "label")),
        "people": sorted(ContactPerson.objects.values_list("name", "role")),
    }


@pytest.mark.django_db
def test_demo_loads_twice_with_the_same_result(home_page):
    first_pages = _load()
    first = _snapshot()
    second_pages = _load()

    assert _snapshot() == first
    assert first_pages["contact_page"].pk == second_pages["contact_page"].pk


@pytest.mark.django_db
def test_demo_builds_the_whole_kennisbank(home_page):
    pages = _load()

    themes = ThemePage.objects.live().in_menu()
    assert {t.title for t in themes} == {
        "Gedragscode en regels",
        "Melden en vertrouwenspersonen",
        "Leren en oefenen",
        "Weerbaarheid en ondermijning",
    }
    assert all(t.search_description for t in themes)
    assert NewsPage.objects.live().count() >= 4
    assert PolicyDocumentPage.objects.live().count() == 7
    assert set(ContactPerson.objects.values_list("role", flat=True)) == {
        "vertrouwenspersoon_integriteit",
        "vertrouwenspersoon_ongewenst_gedrag",
        "extern_vertrouwenspersoon",
        "integriteitscoordinator",
        "meldpunt",
    }
    assert pages["accessibility_page"].title == "Toegankelijkheidsverklaring"
    assert pages["privacy_page"].live
    assert pages["contact_page"].roles.count() == 5


@pytest.mark.django_db
def test_demo_gedragscode_has_one_version_in_force_and_one_announced(home_page):
    _load()
    page = PolicyDocumentPage.objects.get(slug="gedragscode-ambtelijke-integriteit")
    today = datetime.date(2026, 11, 23)

    assert page.version_on(today).label == "2019"
    assert [v.label for v in page.all_versions] == ["2016", "2019", "herziening 2025"]
    assert page.version_on(datetime.date(2027, 1, 1)).label == "herziening 2025"
    assert page.version_on(datetime.date(2017, 6, 1)).label == "2016"


@pytest.mark.django_db
def test_demo_pages_render(client, home_page):
    _load()
    client.force_login(home_demo.load_accounts()["medewerker"])

    for url in [
        "/",
        "/gedragscode-en-regels/",
        "/gedragscode-en-regels/gedragscode-ambtelijke-integriteit/",
        "/gedragscode-en-regels/gedragscode-ambtelijke-integriteit/vergelijk/2019/herziening-2025/",
        "/leren-en-oefenen/",
        "/leren-en-oefenen/morele-oordeelsvorming/",
        "/nieuws/",
        "/nieuws/jaarverslag-integriteit-2024/",
        "/toegankelijkheidsverklaring/",
    ]:
        assert client.get(url).status_code == 200, url
