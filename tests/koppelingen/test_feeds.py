"""Private feed addresses: a feed reader reads the news without a login, and only with the key."""

import feedparser
import pytest

from koppelingen.models import Feedadres
from tests.kennisbank.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=index, title="Week van de integriteit")
    return index


def test_a_feed_reader_reads_the_news_with_the_private_address(client, medewerker, news):
    key = Feedadres.for_user(medewerker).key

    response = client.get(f"/feeds/{key}/nieuws.xml")

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Week van de integriteit"]


@pytest.mark.parametrize("key", ["1-1-0000", "x", "999-1-abc", "1-2-" + "0" * 32, "-" * 500])
def test_a_wrong_key_finds_nothing(client, medewerker, news, key):
    assert client.get(f"/feeds/{key}/nieuws.xml").status_code == 404


def test_the_news_feed_without_a_key_needs_a_login(client, news):
    assert client.get(news.url + "rss/").status_code == 302


def test_renewing_stops_the_old_address(employee_client, medewerker, news):
    old_key = Feedadres.for_user(medewerker).key
    response = employee_client.post("/mijn-account/")
    assert response.status_code == 302
    new_key = Feedadres.objects.get(user=medewerker).key

    assert new_key != old_key
    assert employee_client.get(f"/feeds/{old_key}/nieuws.xml").status_code == 404
    assert employee_client.get(f"/feeds/{new_key}/nieuws.xml").status_code == 200


def test_a_deactivated_employee_s_address_stops(client, medewerker, news):
    key = Feedadres.for_user(medewerker).key
    medewerker.is_active = False
    medewerker.save()
    assert client.get(f"/feeds/{key}/nieuws.xml").status_code == 404


def test_mijn_account_shows_the_addresses(employee_client, medewerker):
    response = employee_client.get("/mijn-account/")
    key = Feedadres.objects.get(user=medewerker).key
    assert response.status_code == 200
    assert f"/feeds/{key}/nieuws.xml" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_mijn_account_needs_a_login(client):
    assert client.get("/mijn-account/").status_code == 302


def test_a_calendar_app_reads_the_agenda_with_the_private_address(client, medewerker, home_page):
    from icalendar import Calendar

    from tests.agenda.factories import AgendaPageFactory, EventPageFactory

    agenda = AgendaPageFactory(parent=home_page)
    EventPageFactory(parent=agenda, title="Lezing over integriteit")
    key = Feedadres.for_user(medewerker).key

    response = client.get(f"/feeds/{key}/agenda.ics")

    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == [
        "Lezing over integriteit"
    ]
    assert client.get("/feeds/1-1-verzonnen/agenda.ics").status_code == 404
