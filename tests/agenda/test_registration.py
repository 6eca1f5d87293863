"""Registering, the waiting list and cancelling, through the pages as an employee does."""

import datetime
from types import SimpleNamespace

from django.core import mail
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from agenda import services
from agenda.constants import Status
from agenda.models import Aanmelding
from tests.agenda.factories import EventPageFactory
from tests.readers import clients_for

pytestmark = pytest.mark.django_db


def _alert(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    alert = soup.select_one("#aanmeld-fout")
    return alert.get_text(" ", strip=True) if alert else ""


def test_register_with_one_click_and_see_it_everywhere(employee_client, medewerker, agenda):
    event = EventPageFactory(parent=agenda, title="Lezing ondermijning", capacity=10)

    response = employee_client.post(f"{event.url}aanmelden/", follow=True)

    assert response.status_code == 200
    assert "Je bent aangemeld voor ‘Lezing ondermijning’." in response.text
    assert "Afmelden" in response.text
    assert Aanmelding.objects.get(event=event, user=medewerker).status == Status.AANGEMELD
    overview = employee_client.get("/agenda/").text
    assert "Je bent aangemeld" in overview
    mine = employee_client.get("/agenda/mijn-aanmeldingen/").text
    assert "Lezing ondermijning" in mine


def test_registering_twice_is_refused_and_changes_nothing(employee_client, medewerker, agenda):
    event = EventPageFactory(parent=agenda, capacity=10)
    employee_client.post(f"{event.url}aanmelden/")
    before = list(Aanmelding.objects.values_list("pk", "status", "aangemeld_op"))

    response = employee_client.post(f"{event.url}aanmelden/")

    assert response.status_code == 400
    assert _alert(response) == "Je bent al aangemeld voor deze bijeenkomst."
    assert list(Aanmelding.objects.values_list("pk", "status", "aangemeld_op")) == before


def test_full_event_refuses_a_place_but_offers_the_waiting_list(
    employee_client, medewerker, colleague, agenda
):
    event = EventPageFactory(parent=agenda, capacity=1)
    services.register(event.pk, colleague)

    page = employee_client.get(event.url)
    assert "Zet me op de wachtlijst" in page.text
    response = employee_client.post(f"{event.url}aanmelden/")  # a stale "Aanmelden" button
    assert response.status_code == 400
    assert "Deze bijeenkomst is vol. Je bent niet aangemeld." in _alert(response)
    assert not Aanmelding.objects.filter(user=medewerker).exists()

    assert "Vol – wachtlijst open" in employee_client.get(agenda.url).text  # its card

    response = employee_client.post(f"{event.url}aanmelden/", {"wachtlijst": "1"}, follow=True)
    assert "Je staat op de wachtlijst" in response.text
    assert "plaats 1" in response.text
    assert Aanmelding.objects.get(user=medewerker).status == Status.WACHTLIJST
    card = employee_client.get(agenda.url).text
    assert "Je staat op de wachtlijst" in card and "Vol – wachtlijst open" not in card


def test_cancelling_moves_the_first_waiting_up_and_mails_them(
    client, medewerker, colleague, third, agenda, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=agenda, title="Moreel beraad", capacity=1)
    services.register(event.pk, colleague)
    services.register(event.pk, medewerker, wachtlijst=True)
    services.register(event.pk, third, wachtlijst=True)
    client.force_login(colleague)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{event.url}afmelden/", follow=True)

    assert "Je bent afgemeld voor ‘Moreel beraad’." in response.text
    statuses = dict(Aanmelding.objects.values_list("user__username", "status"))
    assert statuses == {
        "collega": Status.AFGEMELD,
        "medewerker": Status.AANGEMELD,
        "derde": Status.WACHTLIJST,
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [medewerker.email]
    assert "Moreel beraad" in mail.outbox[0].subject
    assert event.full_url in mail.outbox[0].body


def test_registering_again_after_cancelling_goes_to_the_back_of_the_line(
    client, medewerker, colleague, third, agenda
):
    event = EventPageFactory(parent=agenda, capacity=1)
    services.register(event.pk, colleague)
    services.register(event.pk, third, wachtlijst=True)
    services.register(event.pk, medewerker, wachtlijst=True)
    services.cancel(event.pk, third)
    services.register(event.pk, third, wachtlijst=True)
    services.cancel(event.pk, colleague)
    assert Aanmelding.objects.get(user=medewerker).status == Status.AANGEMELD
    assert Aanmelding.objects.get(user=third).status == Status.WACHTLIJST


def test_past_event_stays_readable_and_refuses_registration(employee_client, medewerker, agenda):
    start = timezone.now() - datetime.timedelta(days=3)
    event = EventPageFactory(
        parent=agenda,
        title="Lezing van vorige week",
        start=start,
        end=start + datetime.timedelta(hours=1),
    )
    page = employee_client.get(event.url)
    assert page.status_code == 200
    assert "Deze bijeenkomst is geweest" in page.text
    assert 'action="' + event.url + 'aanmelden/"' not in page.text
    assert "Lezing van vorige week" not in employee_client.get("/agenda/").text
    assert "Lezing van vorige week" in employee_client.get("/agenda/archief/").text

    response = employee_client.post(f"{event.url}aanmelden/")
    assert response.status_code == 400
    assert _alert(response) == "Deze bijeenkomst is al voorbij. Aanmelden kan niet meer."
    assert not Aanmelding.objects.exists()


def test_registration_closes_by_itself_at_the_deadline(employee_client, agenda):
    event = EventPageFactory(
        parent=agenda, registration_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert "Aanmelden is gesloten." in employee_client.get(event.url).text
    response = employee_client.post(f"{event.url}aanmelden/")
    assert response.status_code == 400
    assert "Het is nu gesloten." in _alert(response)
    assert not Aanmelding.objects.exists()


def test_cancelling_without_registration_or_after_the_start_is_refused(
    employee_client, medewerker, agenda
):
    event = EventPageFactory(parent=agenda)
    response = employee_client.post(f"{event.url}afmelden/")
    assert response.status_code == 400
    assert _alert(response) == "Je bent niet aangemeld voor deze bijeenkomst."

    services.register(event.pk, medewerker)
    with pytest.raises(services.AanmeldFout, match="al begonnen"):
        services.cancel(event.pk, medewerker, now=event.start + datetime.timedelta(minutes=5))
    assert Aanmelding.objects.get(user=medewerker).status == Status.AANGEMELD


def test_get_and_forged_ids_change_nothing(employee_client, medewerker, agenda):
    event = EventPageFactory(parent=agenda)
    assert employee_client.get(f"{event.url}aanmelden/").status_code == 405
    assert employee_client.post("/agenda/bestaat-niet/aanmelden/").status_code == 404
    for forged in ("999999", "abc", None):
        with pytest.raises(services.AanmeldFout, match="bestaat niet"):
            services.register(forged, medewerker)
    event.unpublish()
    with pytest.raises(services.AanmeldFout, match="bestaat niet"):
        services.register(event.pk, medewerker)
    assert not Aanmelding.objects.exists()


def test_registration_needs_csrf(client, medewerker, agenda):
    from django.test import Client

    event = EventPageFactory(parent=agenda)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(medewerker)
    assert strict.post(f"{event.url}aanmelden/").status_code == 403
    assert not Aanmelding.objects.exists()


def test_event_without_registration_shows_no_button(employee_client, agenda):
    event = EventPageFactory(
        parent=agenda, registration_enabled=False, online_link="https://teams.example/x"
    )
    page = employee_client.get(event.url).text
    assert "Je hoeft je niet aan te melden" in page
    assert employee_client.post(f"{event.url}aanmelden/").status_code == 400


def test_the_event_page_is_cached_for_everyone_with_each_readers_own_registration(
    medewerker, colleague, agenda, monkeypatch
):
    """The event page is served from the page cache (ADR 0019); the places left and
    "Aanmelden" are filled in per request: one reader's registration never reaches
    another, and a new registration shows at once without emptying the cache."""
    event = EventPageFactory(parent=agenda, title="Lezing ondermijning", capacity=3)
    services.register(event.pk, medewerker)
    my_client, their_client = clients_for(medewerker, colleague)

    mine = my_client.get(event.url)
    theirs = their_client.get(event.url)
    assert (mine["X-Page-Cache"], theirs["X-Page-Cache"]) == ("miss", "hit")
    assert "Je bent aangemeld." in mine.text and "Afmelden" in mine.text
    assert "Je bent aangemeld." not in theirs.text and "Afmelden" not in theirs.text
    assert "Nog 2 van 3" in mine.text and "Nog 2 van 3" in theirs.text
    assert f'href="{agenda.url}mijn-aanmeldingen/"' in theirs.text

    services.register(event.pk, colleague)
    again = their_client.get(event.url)
    assert again["X-Page-Cache"] == "hit"
    assert "Je bent aangemeld." in again.text and "Nog 1 van 3" in again.text

    # What is open is decided at each response, not when the page was stored. (The clock
    # is moved for the agenda's services only: the cache key holds the day.)
    later = timezone.now() + datetime.timedelta(days=30)
    monkeypatch.setattr(services, "timezone", SimpleNamespace(now=lambda: later))
    closed = their_client.get(event.url)
    assert closed["X-Page-Cache"] == "hit"
    assert "Deze bijeenkomst is geweest" in closed.text and "Afmelden" not in closed.text
