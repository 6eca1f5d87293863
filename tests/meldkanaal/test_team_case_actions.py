"""Passing a report on says 'Doorzetten' and 'Doorgezet' throughout, after a confirmation;
reading a case file is logged once per half hour, downloads every time."""

import datetime
from unittest import mock

from django.utils import timezone

import pytest

from meldkanaal import services
from meldkanaal.constants import AuditActie, Status
from meldkanaal.models import AuditLog
from meldkanaal.services import Upload
from tests.meldkanaal.factories import PDF, make_report, other_team, team_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(home_page):
    melding, _ = make_report(bijlagen=[Upload("bewijs.pdf", PDF, "application/pdf")])
    return melding


def _action(case, name):
    return f"/admin/meldkanaal/melding/{case.pk}/actie/{name}/"


def test_passing_on_asks_for_confirmation_first(client, case):
    target = other_team()
    client.force_login(team_member())
    html = client.get(f"/admin/meldkanaal/melding/inspect/{case.pk}/").content.decode()
    assert "Doorzetten naar een ander team" in html
    assert "Ons team kan de melding daarna niet meer lezen." in html

    response = client.post(_action(case, "doorzetten"), {"team": target.pk})
    assert response.status_code == 400
    assert "Vink aan dat je de melding wilt doorzetten" in response.content.decode()
    case.refresh_from_db()
    assert case.team != target and case.status == Status.ONTVANGEN


def test_passing_on_sets_status_doorgezet_and_logs_it_in_the_same_words(client, case):
    target = other_team()
    member = team_member()
    client.force_login(member)
    response = client.post(_action(case, "doorzetten"), {"team": target.pk, "bevestigd": "on"})
    assert response.status_code == 303
    case.refresh_from_db()
    assert case.team == target
    assert case.status == Status.DOORGEZET
    lines = {a.actie: a for a in AuditLog.objects.filter(melding=case, gebruiker=member)}
    assert lines[AuditActie.DOORGEZET].get_actie_display() == "Doorgezet naar ander team"
    assert lines[AuditActie.STATUS].detail == "Ontvangen → Doorgezet"

    # The other team takes it up from there; the status form never offers 'Doorgezet'.
    client.force_login(team_member("ander", team_name=target.name))
    html = client.get(f"/admin/meldkanaal/melding/inspect/{case.pk}/").content.decode()
    assert 'value="doorgezet"' not in html
    client.post(_action(case, "status"), {"status": Status.IN_BEHANDELING})
    case.refresh_from_db()
    assert case.status == Status.IN_BEHANDELING


def test_status_doorgezet_cannot_be_chosen_without_a_team(client, case):
    client.force_login(team_member())
    response = client.post(_action(case, "status"), {"status": Status.DOORGEZET})
    assert response.status_code == 400
    assert "vanzelf als je de melding doorzet" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ONTVANGEN


def test_a_closed_report_is_not_passed_on(case):
    member = team_member()
    services.mark_unreachable(member, case)
    services.change_status(member, case, Status.NIET_IN_BEHANDELING)
    with pytest.raises(services.ActieGeweigerd, match="afgesloten"):
        services.pass_on(member, case, other_team())


def test_reading_is_logged_once_per_half_hour_per_member(client, case):
    member = team_member()
    colleague = team_member("collega")
    url = f"/admin/meldkanaal/melding/inspect/{case.pk}/"

    def reads(user=None):
        lines = AuditLog.objects.filter(melding=case, actie=AuditActie.GELEZEN)
        return lines.filter(gebruiker=user).count() if user else lines.count()

    client.force_login(member)
    for _ in range(3):
        client.get(url)
    client.post(_action(case, "bericht"), {"tekst": " "})  # refused: the case file again
    assert reads(member) == 1

    client.force_login(colleague)
    client.get(url)
    assert reads(colleague) == 1

    later = timezone.now() + datetime.timedelta(minutes=31)
    with mock.patch("django.utils.timezone.now", return_value=later):
        client.force_login(member)
        client.get(url)
    assert reads(member) == 2 and reads() == 3


def test_every_download_is_logged(client, case):
    client.force_login(team_member())
    bijlage = case.bijlagen.get()
    for _ in range(3):
        assert client.get(f"/admin/meldkanaal/bijlage/{bijlage.pk}/").status_code == 200
    assert AuditLog.objects.filter(melding=case, actie=AuditActie.BIJLAGE).count() == 3
