"""Nobody handles a report about themself: a team member can be excluded from one case and
then sees only that it exists (number and status), decided in one place (visible_to and the
access service), not per view."""

import datetime

from django.utils import timezone

import pytest

from meldkanaal import services
from meldkanaal.constants import AuditActie, BeveiligingSoort, Status
from meldkanaal.models import (
    AuditLog,
    Beveiligingsregel,
    Melding,
    Rol,
    Teamlidmaatschap,
    Uitsluiting,
)
from meldkanaal.services import Upload
from tests.meldkanaal.factories import CANARY, PDF, make_report, other_team, team_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(home_page):
    melding, _ = make_report(bijlagen=[Upload("bewijs.pdf", PDF, "application/pdf")])
    services.reporter_message(melding, f"Aanvulling {CANARY}")
    return melding


def _url(case, actie=None):
    if actie is None:
        return f"/admin/meldkanaal/melding/inspect/{case.pk}/"
    return f"/admin/meldkanaal/melding/{case.pk}/actie/{actie}/"


def _lid(user):
    return Teamlidmaatschap.objects.get(gebruiker=user)


def test_an_excluded_member_sees_only_that_the_case_exists(client, case):
    beheerder = team_member("beheerder", rol=Rol.BEHEERDER)
    betrokken = team_member("betrokken", first_name="Bert", last_name="Betrokken")
    client.force_login(beheerder)
    response = client.post(_url(case, "uitsluiten"), {"lid": _lid(betrokken).pk})
    assert response.status_code == 303

    line = AuditLog.objects.get(melding=case, actie=AuditActie.UITGESLOTEN)
    assert line.gebruiker == beheerder and line.detail == "Bert Betrokken"
    assert list(Melding.objects.visible_to(betrokken)) == []
    assert list(Melding.objects.excluded_for(betrokken)) == [case]
    assert list(Melding.objects.visible_to(beheerder)) == [case]

    client.force_login(betrokken)
    listing = client.get("/admin/meldkanaal/melding/").content.decode()
    assert "Meldingen waarvan je bent uitgesloten" in listing
    assert f"{case.nummer}: Ontvangen" in listing
    assert CANARY not in listing

    page = client.get(_url(case))
    html = page.content.decode()
    assert page.status_code == 403
    assert "Je bent uitgesloten van deze melding" in html and case.nummer in html
    for secret in (CANARY, "bewijs.pdf", "melder@example.org", "Aanvulling"):
        assert secret not in html
    bijlage = case.bijlagen.first()
    # Wagtail answers a refusal in its admin with a redirect and a message.
    assert client.get(f"/admin/meldkanaal/bijlage/{bijlage.pk}/").status_code in (302, 403)
    refused = client.post(_url(case, "bericht"), {"tekst": "Ik weet er meer van"})
    assert refused.status_code in (302, 403)
    assert not case.berichten.filter(tekst="Ik weet er meer van").exists()
    assert not AuditLog.objects.filter(melding=case, gebruiker=betrokken).exists()
    assert Beveiligingsregel.objects.filter(
        soort=BeveiligingSoort.TOEGANG_GEWEIGERD, door=betrokken, detail__contains="uitgesloten"
    ).exists()

    # The dashboard counts what the others see, and tells the excluded member only a number.
    home = client.get("/admin/").content.decode()
    assert "Waarvan je bent uitgesloten" in home and case.nummer not in home


def test_the_exclusion_holds_after_passing_on_to_a_team_the_member_is_also_in(case):
    member = team_member()
    betrokken = team_member("betrokken")
    target = other_team()
    Teamlidmaatschap.objects.create(team=target, gebruiker=betrokken)
    services.exclude_member(member, case, betrokken)
    services.pass_on(member, case, target)
    betrokken = type(betrokken).objects.get(pk=betrokken.pk)
    assert list(Melding.objects.visible_to(betrokken)) == []
    assert services.is_excluded(betrokken, Melding.objects.get(pk=case.pk))


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("stranger", "Kies een teamlid uit de lijst"),
        ("forged", "Kies een teamlid uit de lijst"),
        ("empty", "Kies het teamlid dat je wilt uitsluiten"),
        ("twice", "Kies een teamlid uit de lijst"),
    ],
)
def test_excluding_someone_not_in_the_team_is_refused_in_dutch(client, case, who, message):
    member = team_member()
    team_member("collega")
    outsider = team_member("buiten", team_name="Team ongewenst gedrag")
    already = team_member("al-uit")
    services.exclude_member(member, case, already)
    before = Uitsluiting.objects.count()
    value = {
        "stranger": _lid(outsider).pk,
        "forged": 999_999,
        "empty": "",
        "twice": _lid(already).pk,
    }[who]
    client.force_login(member)
    response = client.post(_url(case, "uitsluiten"), {"lid": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Uitsluiting.objects.count() == before


def test_the_service_refuses_a_non_member_and_the_last_reader(case):
    member = team_member()
    outsider = team_member("buiten", team_name="Team ongewenst gedrag")
    with pytest.raises(services.ActieGeweigerd, match="geen actief lid"):
        services.exclude_member(member, case, outsider)
    with pytest.raises(services.ActieGeweigerd, match="laatste die deze melding kan lezen"):
        services.exclude_member(member, case, member)
    assert not Uitsluiting.objects.exists()


def test_a_member_can_step_back_and_loses_access_at_once(client, case):
    member = team_member()
    team_member("collega")
    client.force_login(member)
    response = client.post(_url(case, "uitsluiten"), {"lid": _lid(member).pk})
    assert response.status_code == 303
    assert response["Location"] == "/admin/meldkanaal/melding/"
    assert client.get(_url(case)).status_code == 403


def test_an_excluded_behandelaar_is_no_longer_the_behandelaar(case):
    member = team_member()
    handler = team_member("behandelaar")
    services.assign_handler(member, case, handler)
    services.exclude_member(member, case, handler)
    case.refresh_from_db()
    assert case.behandelaar is None


def test_only_a_beheerder_lifts_a_team_exclusion_and_never_the_reporters(client, case):
    beheerder = team_member("beheerder", rol=Rol.BEHEERDER)
    member = team_member()
    betrokken = team_member("betrokken")
    uitsluiting = services.exclude_member(member, case, betrokken)

    client.force_login(member)
    response = client.post(_url(case, "uitsluiting-opheffen"), {"uitsluiting": uitsluiting.pk})
    assert response.status_code == 400
    assert "Alleen een beheerder" in response.content.decode()
    assert Uitsluiting.objects.filter(pk=uitsluiting.pk).exists()

    client.force_login(beheerder)
    response = client.post(_url(case, "uitsluiting-opheffen"), {"uitsluiting": uitsluiting.pk})
    assert response.status_code == 303
    assert not Uitsluiting.objects.filter(pk=uitsluiting.pk).exists()
    assert AuditLog.objects.filter(
        melding=case, actie=AuditActie.UITSLUITING_OPGEHEVEN, gebruiker=beheerder
    ).exists()

    by_reporter = Uitsluiting.objects.create(
        melding=case, gebruiker=betrokken, datum=case.ontvangen_op
    )
    with pytest.raises(services.ActieGeweigerd, match="De melder heeft gevraagd"):
        services.lift_exclusion(beheerder, case, by_reporter)


def test_passing_on_to_a_team_whose_readers_are_all_excluded_is_refused(case):
    member = team_member()
    target = other_team(with_reader=False)
    only = team_member("enige", team_name=target.naam)
    team_member("collega")
    Teamlidmaatschap.objects.create(team=case.team, gebruiker=only)
    services.exclude_member(member, case, only)
    with pytest.raises(services.ActieGeweigerd, match="Alle actieve teamleden"):
        services.pass_on(member, case, target)
    case.refresh_from_db()
    assert case.team != target and case.status == Status.ONTVANGEN


def test_an_excluded_member_gets_no_mail_about_that_case(client, case, mailoutbox):
    """Excluded from one case: no 'new report' / 'message from the reporter' mail about it
    (ADR 0017); mails about other cases and the team's reminders still come."""
    from meldkanaal.services.notifications import queue_reminders, send_pending_notifications

    beheerder = team_member("beheerder", rol=Rol.BEHEERDER, email="beheerder@provincie.example")
    betrokken = team_member("betrokken", email="betrokken@provincie.example")
    client.force_login(beheerder)
    assert client.post(_url(case, "uitsluiten"), {"lid": _lid(betrokken).pk}).status_code == 303
    other, _ = make_report(beschrijving="Een andere melding over iets anders")
    # A week on, both are due for an acknowledgement.
    assert queue_reminders(today=timezone.localdate() + datetime.timedelta(days=7)) == 1

    send_pending_notifications(now_all=True)
    about_case = [m for m in mailoutbox if case.nummer in m.subject]
    assert {m.subject for m in about_case} == {
        f"Nieuwe melding {case.nummer}",
        f"Nieuw bericht bij melding {case.nummer}",
    }
    assert all(m.to == ["beheerder@provincie.example"] for m in about_case)
    about_other = [m for m in mailoutbox if other.nummer in m.subject]
    assert about_other and all("betrokken@provincie.example" in m.to for m in about_other)
    reminder = next(m for m in mailoutbox if m.subject.startswith("Herinnering"))
    assert "betrokken@provincie.example" in reminder.to  # numbers and deadlines only
