"""The kennisbank's demo content: complete, the same after loading twice, and on any day
of loading with a version in force and one announced."""

import datetime
import gc
import warnings

from django.utils import timezone

from wagtail.models import Page

import pytest

from home import demo as home_demo
from kennisbank import demo
from kennisbank.models import (
    ContactPerson,
    CustomDocument,
    NewsPage,
    PolicyDocumentPage,
    PolicyVersion,
    ThemePage,
)
from kennisbank.models.policy import announced_versions, version_in_force
from tests.conftest import SharedLoad

D = datetime.date
GEDRAGSCODE = "/gedragscode-en-regels/gedragscode-ambtelijke-integriteit/"


def _load(today=None):
    accounts = home_demo.load_accounts()
    home = home_demo.load_home()
    return demo.load(home, accounts, today=today)


# Loading the kennisbank's demo costs 5-10 s of a core; the tests below that start from one
# load (as loaded today) share it (SharedLoad: loaded once in an outer transaction, each test
# a savepoint rolled back). This module runs on one xdist worker (SHARED_WORKER).
_shared = SharedLoad("kennisbank_demo", _load)
_kennisbank_demo_loaded_once = _shared.session_fixture("_kennisbank_demo_loaded_once")


@pytest.fixture
def kennisbank_demo(_kennisbank_demo_loaded_once, db) -> dict:
    """The kennisbank's demo loaded once today, as `_load()` leaves it; its pages read anew
    (no test sees another's objects). Loaded here when the shared load is already closed."""
    if not _kennisbank_demo_loaded_once.open:
        return _load()
    pages = _kennisbank_demo_loaded_once.result
    return {
        name: [type(p).objects.get(pk=p.pk) for p in value]
        if isinstance(value, list)
        else type(value).objects.get(pk=value.pk)
        for name, value in pages.items()
    }


def _snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live")),
        "versions": sorted(PolicyVersion.objects.values_list("page__slug", "label")),
        "people": sorted(ContactPerson.objects.values_list("name", "role")),
    }


@pytest.mark.django_db
def test_demo_loads_twice_with_the_same_result(kennisbank_demo):
    first_pages = kennisbank_demo  # the first load
    first = _snapshot()
    second_pages = _load()

    assert _snapshot() == first
    assert first_pages["contact_page"].pk == second_pages["contact_page"].pk


@pytest.mark.django_db
def test_demo_builds_the_whole_kennisbank(kennisbank_demo):
    pages = kennisbank_demo

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
def test_demo_gedragscode_has_one_version_in_force_and_one_announced(kennisbank_demo):
    page = PolicyDocumentPage.objects.get(slug="gedragscode-ambtelijke-integriteit")
    today = timezone.localdate()
    versions = page.versions_known_on(today)

    assert [v.label for v in versions] == ["2016", "2019", "herziening 2025"]
    assert version_in_force(versions, today).label == "2019"
    assert [v.label for v in announced_versions(versions, today)] == ["herziening 2025"]
    revision = versions[-1]
    assert page.version_on(revision.in_force_from).label == "herziening 2025"
    assert page.version_on(D(2017, 6, 1)).label == "2016"


@pytest.mark.parametrize(
    "today",
    [D(2026, 12, 1), D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 3), D(2027, 10, 6), D(2031, 6, 15)],
)
def test_the_revision_is_announced_on_any_day_of_loading(today):
    adopted, in_force = demo.revision_dates(today)

    assert adopted <= today < in_force
    assert adopted > D(2019, 4, 1)  # after the version it replaces came into force
    assert str(in_force.year) in demo.revision_news_title(today)


def test_loaded_today_the_demo_keeps_its_known_dates():
    assert demo.revision_dates(D(2026, 12, 1)) == (D(2026, 10, 6), D(2027, 1, 1))
    assert demo.revision_news_title(D(2026, 12, 1)) == "Nieuwe gedragscode vanaf 1 januari 2027"


@pytest.mark.django_db
def test_demo_loaded_in_a_later_year_still_announces_the_revision(home_page):
    later = D(2029, 3, 15)
    _load(today=later)
    page = PolicyDocumentPage.objects.get(slug="gedragscode-ambtelijke-integriteit")
    versions = page.versions_known_on(later)

    assert version_in_force(versions, later).label == "2019"
    assert [v.label for v in announced_versions(versions, later)] == ["herziening 2025"]
    assert NewsPage.objects.get(slug="nieuwe-gedragscode").title == (
        "Nieuwe gedragscode vanaf 1 januari 2030"
    )
    # Only the plan that ran until 2022 is past its review date.
    overdue = PolicyDocumentPage.objects.overdue_for_review(later)
    assert [p.title for p in overdue] == ["Integriteitsplan 2018–2022"]


@pytest.mark.django_db
def test_demo_renames_the_news_item_of_earlier_demos(kennisbank_demo):
    # loaded once (kennisbank_demo)
    item = NewsPage.objects.get(slug="nieuwe-gedragscode")
    item.slug = "nieuwe-gedragscode-2027"  # as loaded by an earlier version of the demo
    item.save()

    _load()

    assert list(
        NewsPage.objects.filter(title__startswith="Nieuwe gedragscode").values_list(
            "slug", flat=True
        )
    ) == ["nieuwe-gedragscode"]


@pytest.mark.django_db
def test_demo_signed_pdf_is_readable_and_linked_from_its_version(kennisbank_demo):
    document = CustomDocument.objects.get(
        title__startswith="Gedragscode ambtelijke integriteit 2019"
    )
    page = PolicyDocumentPage.objects.get(slug="gedragscode-ambtelijke-integriteit")

    assert "Vastgesteld door Gedeputeerde Staten op 12 februari 2019." in document.extracted_text
    assert document.file_size > 0
    assert page.version_by_slug("2019").signed_document == document


@pytest.mark.django_db
def test_demo_pages_render(client, kennisbank_demo):
    client.force_login(home_demo.load_accounts()["medewerker"])

    # Rendering makes renditions of the demo's pictures; Wagtail leaves their temporary
    # file to the garbage collector, and its ResourceWarning would fail the run.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        for url in [
            "/",
            "/gedragscode-en-regels/",
            GEDRAGSCODE,
            GEDRAGSCODE + "versies/",
            GEDRAGSCODE + "versies/2016/",
            GEDRAGSCODE + "vergelijk/2019/herziening-2025/",
            GEDRAGSCODE + "?op=2018-03-01",
            "/gedragscode-en-regels/integriteitsplan-2018-2022/",
            "/melden-en-vertrouwenspersonen/met-wie-kan-ik-praten/",
            "/melden-en-vertrouwenspersonen/wat-is-een-misstand/",
            "/leren-en-oefenen/",
            "/leren-en-oefenen/morele-oordeelsvorming/",
            "/leren-en-oefenen/ambtseed/",
            "/weerbaarheid-en-ondermijning/bibob/",
            "/nieuws/",
            "/nieuws/rss/",
            "/nieuws/nieuwe-gedragscode/",
            "/nieuws/jaarverslag-integriteit-2024/",
            "/toegankelijkheidsverklaring/",
        ]:
            assert client.get(url).status_code == 200, url
        gc.collect()


@pytest.mark.django_db
def test_demo_leaves_one_news_item_waiting_for_the_coordinator(client, kennisbank_demo):
    from wagtail.models import TaskState

    # loaded once (kennisbank_demo), and:
    _load()  # loading again neither adds a second one nor submits it twice

    waiting = NewsPage.objects.get(slug=demo.PENDING_NEWS_SLUG)
    assert not waiting.live
    states = TaskState.objects.filter(revision__object_id=str(waiting.pk))
    assert states.count() == 1
    assert states.get().status == TaskState.STATUS_IN_PROGRESS
    assert waiting.latest_revision.user.username == "redacteur"

    client.force_login(home_demo.load_accounts()["coordinator"])
    dashboard = client.get("/admin/").content.decode()
    assert demo.PENDING_NEWS_TITLE in dashboard


@pytest.mark.django_db
def test_demo_opens_the_pages_an_external_reporter_needs(client, kennisbank_demo):
    # Contact photos get renditions; see test_demo_pages_render for the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        for path in (
            "/privacy/",
            "/toegankelijkheidsverklaring/",
            "/melden-en-vertrouwenspersonen/wat-is-een-misstand/",
            "/melden-en-vertrouwenspersonen/met-wie-kan-ik-praten/",
            "/gedragscode-en-regels/regeling-melden-vermoeden-misstand/",
        ):
            assert client.get(path).status_code == 200, path
        gc.collect()
    assert client.get(GEDRAGSCODE).status_code == 302, "the rest stays on the intranet"


@pytest.mark.django_db
def test_demo_leaves_one_contact_person_waiting_for_the_coordinator(client, kennisbank_demo):
    # loaded once (kennisbank_demo), and:
    _load()  # loading again neither adds a second one nor submits it twice

    waiting = ContactPerson.objects.get(name=demo.PENDING_PERSON_NAME)
    assert not waiting.live
    assert waiting.current_workflow_state.requested_by.username == "redacteur"
    published = ContactPerson.objects.exclude(pk=waiting.pk)
    assert published.count() == 7
    assert all(p.live and p.live_revision_id for p in published)

    client.force_login(home_demo.load_accounts()["medewerker"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        html = client.get("/melden-en-vertrouwenspersonen/met-wie-kan-ik-praten/").content
        gc.collect()
    assert demo.PENDING_PERSON_NAME not in html.decode()


@pytest.mark.django_db
def test_demo_news_about_the_code_links_to_it(client, kennisbank_demo):
    client.force_login(home_demo.load_accounts()["medewerker"])

    html = client.get("/nieuws/nieuwe-gedragscode/").content.decode()

    assert f'<a href="{GEDRAGSCODE}">pagina van de gedragscode</a>' in html


@pytest.mark.django_db
def test_demo_privacy_statement_says_what_why_how_long_and_whom_to_ask(client, kennisbank_demo):

    html = client.get("/privacy/").content.decode()

    for fact in (
        "We houden niet bij welke pagina's je leest.",
        "Na 90 dagen wissen we de tellingen.",
        "We bewaren je melding tot 5 jaar nadat hij is afgesloten.",
        "Meld je anoniem? Dan bewaren we geen naam, geen account, geen IP-adres",
        "Je mag vragen welke gegevens we van je hebben.",
        "functionaris gegevensbescherming",
        "Autoriteit Persoonsgegevens",
    ):
        assert fact in html.replace("&#x27;", "'"), fact


@pytest.mark.django_db
def test_demo_learning_cards_say_what_each_one_is(client, kennisbank_demo):
    from bs4 import BeautifulSoup

    client.force_login(home_demo.load_accounts()["medewerker"])

    soup = BeautifulSoup(client.get("/leren-en-oefenen/").content, "html.parser")

    labels = {
        card.h3.get_text(strip=True): card.select_one(".kb-card__type").get_text(strip=True)
        for card in soup.select(".kb-card")
    }
    assert labels["E-learning morele oordeelsvorming"] == "E-learning"
    assert labels["De ambtseed of belofte"] == "Bijeenkomst"
    assert labels["Dilemmaspel"] == "Training"


@pytest.mark.django_db
def test_home_and_news_list_show_news_the_same_way(client, kennisbank_demo):
    from bs4 import BeautifulSoup

    client.force_login(home_demo.load_accounts()["medewerker"])

    home = BeautifulSoup(client.get("/").content, "html.parser")
    news = BeautifulSoup(client.get("/nieuws/").content, "html.parser")

    assert len(home.select("ul.kb-news > li.kb-news__item")) == 3
    assert len(news.select("ul.kb-news > li.kb-news__item")) >= 5
    assert not home.select("ul.updates")
