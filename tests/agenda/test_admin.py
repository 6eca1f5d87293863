"""The organiser: attendees, CSV, attendance, the oath register and the count without oath."""

import csv
import datetime
import io

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from agenda import services
from agenda.constants import Soort, Status
from agenda.models import Aanmelding, Ambtseed
from integriteitsplein import roles
from tests.agenda.factories import EventPageFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def oath_session(agenda):
    start = timezone.now() - datetime.timedelta(hours=1)
    return EventPageFactory(
        parent=agenda,
        title="Ambtseed-bijeenkomst",
        soort=Soort.AMBTSEED,
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=1,
    )


def _register(event, *users, waiting=()):
    rows = []
    for user in users:
        rows.append(Aanmelding.objects.create(event=event, user=user, status=Status.AANGEMELD))
    for user in waiting:
        Aanmelding.objects.create(event=event, user=user, status=Status.WACHTLIJST)
    return rows


def _csv(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def test_coordinator_sees_exports_and_records_oaths(
    client, coordinator, medewerker, colleague, oath_session
):
    [row] = _register(oath_session, medewerker, waiting=[colleague])
    client.force_login(coordinator)

    page = client.get(f"/admin/agenda/{oath_session.pk}/deelnemers/")
    assert page.status_code == 200
    assert medewerker.email in page.text and "Wachtlijst, in volgorde" in page.text

    rows = _csv(client.get(f"/admin/agenda/{oath_session.pk}/deelnemers.csv"))
    assert rows[0] == ["naam", "e-mail", "status", "aangemeld op", "aanwezig", "ambtseed"]
    assert [r[2] for r in rows[1:]] == ["Aangemeld", "Op de wachtlijst"]

    response = client.post(
        f"/admin/agenda/{oath_session.pk}/deelnemers/",
        {"aanwezig": [row.pk], f"eed-{row.pk}": "belofte"},
        follow=True,
    )
    assert "Afgelegde eden en beloften bij deze bijeenkomst: 1." in response.text
    eed = Ambtseed.objects.get(user=medewerker)
    assert (eed.vorm, eed.afgelegd_op, eed.bijeenkomst_id) == (
        "belofte",
        timezone.localtime(oath_session.start).date(),
        oath_session.pk,
    )
    row.refresh_from_db()
    assert row.aanwezig is True

    register = _csv(client.get("/admin/agenda/ambtseden.csv"))
    assert register[1][:5] == [
        medewerker.username,
        medewerker.get_full_name(),
        medewerker.email,
        "Belofte",
        eed.afgelegd_op.strftime("%d-%m-%Y"),
    ]


def test_employee_sees_own_oath(employee_client, medewerker, agenda, oath_session):
    Ambtseed.objects.create(
        user=medewerker,
        vorm="eed",
        afgelegd_op=datetime.date(2024, 9, 12),
        bijeenkomst=oath_session,
    )
    text = employee_client.get("/agenda/mijn-aanmeldingen/").text
    assert "Eed afgelegd op 12 september 2024" in text


def test_forged_or_foreign_ids_change_nothing(
    client, coordinator, medewerker, colleague, agenda, oath_session
):
    [row] = _register(oath_session, medewerker)
    other = EventPageFactory(parent=agenda)
    [foreign] = _register(other, colleague)
    client.force_login(coordinator)
    url = f"/admin/agenda/{oath_session.pk}/deelnemers/"

    for data in (
        {"aanwezig": [foreign.pk]},
        {"aanwezig": ["abc"]},
        {"aanwezig": [row.pk], f"eed-{foreign.pk}": "eed"},
        {"aanwezig": [row.pk], f"eed-{row.pk}": "koning"},
        {f"eed-{row.pk}": "eed"},  # sworn but not present
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert (
            "opgeslagen" not in response.text.lower() or "niets opgeslagen" in response.text.lower()
        )
    row.refresh_from_db()
    assert row.aanwezig is None
    assert not Ambtseed.objects.exists()


def test_attendance_waits_for_the_start(client, coordinator, medewerker, agenda):
    event = EventPageFactory(parent=agenda)
    [row] = _register(event, medewerker)
    client.force_login(coordinator)
    response = client.post(f"/admin/agenda/{event.pk}/deelnemers/", {"aanwezig": [row.pk]})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.aanwezig is None


def test_only_the_organiser_sees_attendees_and_oaths(client, redacteur, medewerker, oath_session):
    _register(oath_session, medewerker)
    client.force_login(redacteur)
    for url in (
        "/admin/agenda/",
        f"/admin/agenda/{oath_session.pk}/deelnemers/",
        f"/admin/agenda/{oath_session.pk}/deelnemers.csv",
        "/admin/agenda/ambtseden/",
        "/admin/agenda/ambtseden.csv",
    ):
        response = client.get(url)
        # Wagtail's admin answers a refused permission with a redirect to its start page.
        assert response.status_code in (302, 403), url
        assert medewerker.email not in response.content.decode(), url


def test_new_employees_without_oath_are_counted(client, coordinator, oath_session):
    now = timezone.now()
    sworn = UserFactory(date_joined=now - datetime.timedelta(days=30))
    Ambtseed.objects.create(user=sworn, vorm="eed", afgelegd_op=now.date())
    UserFactory(date_joined=now - datetime.timedelta(days=10))
    UserFactory(date_joined=now - datetime.timedelta(days=100))
    UserFactory(date_joined=now - datetime.timedelta(days=800))  # not new
    UserFactory(date_joined=now - datetime.timedelta(days=5), is_active=False)
    coordinator.date_joined = now - datetime.timedelta(days=2000)
    coordinator.save()

    assert services.new_employees_without_oath(now) == 2
    client.force_login(coordinator)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    text = soup.get_text(" ", strip=True)
    assert "Komende bijeenkomsten" in text
    assert "Nieuwe medewerkers zonder vastgelegde ambtseed: 2 ." in text


def test_coordinator_role_has_the_agenda_permissions(coordinator):
    group = Group.objects.get(name=roles.COORDINATOR)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"beheer_aanmeldingen", "view_ambtseed"} <= codenames
