"""A named behandelaar within 7 days, new messages from the reporter marked until the team
opens the case, and reopening a closed case with a reason and new deadlines."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from meldkanaal import services
from meldkanaal.constants import AuditActie, Status
from meldkanaal.models import AuditLog, Heropening, Melding, Teamlidmaatschap
from tests.meldkanaal.factories import CANARY, make_report, team_member

pytestmark = pytest.mark.django_db

LIST = "/admin/meldkanaal/melding/"


def _url(case, actie=None):
    if actie is None:
        return f"/admin/meldkanaal/melding/inspect/{case.pk}/"
    return f"/admin/meldkanaal/melding/{case.pk}/actie/{actie}/"


def _received(days_ago):
    melding, _ = make_report()
    melding.ontvangen_op = timezone.localdate() - datetime.timedelta(days=days_ago)
    melding.save()
    return melding


def _rows(html):
    """The list's rows, as (case number, text of the row), in order."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)
    found = []
    for row in rows:
        number = re.search(r"M-\d{4}-\d{4}", row)
        if number:
            found.append((number.group(0), re.sub(r"<[^>]+>", " ", row)))
    return found


# --- behandelaar ---------------------------------------------------------------------------


def test_a_case_without_behandelaar_after_7_days_is_flagged_in_list_and_dashboard(
    client, home_page
):
    member = team_member()
    fresh = _received(3)
    old = _received(8)
    exactly = _received(7)  # day 7 is still in time
    client.force_login(member)
    rows = dict(_rows(client.get(LIST).content.decode()))
    assert "Geen behandelaar" in rows[old.nummer]
    assert "Geen behandelaar" not in rows[fresh.nummer]
    assert "Geen behandelaar" not in rows[exactly.nummer]
    home = client.get("/admin/").content.decode()
    assert re.search(r"Zonder behandelaar, 7 dagen na ontvangst: <strong>1</strong>", home)

    services.assign_handler(member, old, member)
    rows = dict(_rows(client.get(LIST).content.decode()))
    assert "Geen behandelaar" not in rows[old.nummer]
    assert member.get_full_name() in rows[old.nummer]  # the behandelaar column names them
    home = client.get("/admin/").content.decode()
    assert re.search(r"Zonder behandelaar, 7 dagen na ontvangst: <strong>0</strong>", home)


def test_assigning_a_behandelaar_is_logged_and_refuses_excluded_and_outsiders(client, home_page):
    member = team_member()
    colleague = team_member("collega", first_name="Carla", last_name="Collega")
    betrokken = team_member("betrokken")
    outsider = team_member("buiten", team_name="Team ongewenst gedrag")
    case, _ = make_report()
    services.exclude_member(member, case, betrokken)
    client.force_login(member)

    for lid in (betrokken, outsider):
        membership = Teamlidmaatschap.objects.get(gebruiker=lid)
        response = client.post(_url(case, "behandelaar"), {"lid": membership.pk})
        assert response.status_code == 400
        assert "Kies een teamlid uit de lijst" in response.content.decode()
    with pytest.raises(services.ActieGeweigerd, match="uitgesloten"):
        services.assign_handler(member, case, betrokken)
    case.refresh_from_db()
    assert case.behandelaar is None

    membership = Teamlidmaatschap.objects.get(gebruiker=colleague)
    response = client.post(_url(case, "behandelaar"), {"lid": membership.pk})
    assert response.status_code == 303
    case.refresh_from_db()
    assert case.behandelaar == colleague
    line = AuditLog.objects.get(melding=case, actie=AuditActie.BEHANDELAAR)
    assert line.gebruiker == member and line.detail == "Carla Collega"


def test_passing_on_leaves_the_new_team_to_name_its_behandelaar(home_page):
    from tests.meldkanaal.factories import other_team

    member = team_member()
    case, _ = make_report()
    services.assign_handler(member, case, member)
    services.pass_on(member, case, other_team())
    case.refresh_from_db()
    assert case.behandelaar is None


# --- new messages from the reporter --------------------------------------------------------


def test_a_new_message_is_marked_counted_and_sorted_up_until_a_member_opens_the_case(
    client, home_page
):
    member = team_member()
    colleague = team_member("collega")
    quiet = _received(1)
    services.acknowledge(member, quiet)
    answered = _received(2)
    services.acknowledge(member, answered)
    services.assign_handler(member, answered, member)
    services.assign_handler(member, quiet, member)
    # The newest would come first without the mark; the message puts `answered` on top.
    services.reporter_message(answered, f"Nog iets: {CANARY}")

    client.force_login(member)
    listing = client.get(LIST).content.decode()
    rows = _rows(listing)
    assert rows[0][0] == answered.nummer
    assert "Nieuw bericht van melder" in rows[0][1]
    assert "Nieuw bericht van melder" not in dict(rows)[quiet.nummer]
    assert CANARY not in listing
    home = client.get("/admin/").content.decode()
    assert re.search(r"Met een nieuw bericht van de melder: <strong>1</strong>", home)
    assert answered.nummer in home

    # Read per team: one colleague opening the case file clears it for everyone.
    client.force_login(colleague)
    client.get(_url(answered))
    client.force_login(member)
    rows = _rows(client.get(LIST).content.decode())
    assert "Nieuw bericht van melder" not in dict(rows)[answered.nummer]
    assert rows[0][0] == quiet.nummer  # back to the newest first


def test_an_excluded_member_opening_the_case_does_not_mark_it_read(client, home_page):
    member = team_member()
    betrokken = team_member("betrokken")
    case, _ = make_report()
    services.exclude_member(member, case, betrokken)
    services.reporter_message(case, "Aanvulling")
    client.force_login(betrokken)
    assert client.get(_url(case)).status_code == 403
    assert Melding.objects.get(pk=case.pk).nieuw_van_melder


def test_the_list_costs_the_same_number_of_queries_for_3_and_30_cases(client, home_page):
    member = team_member()
    client.force_login(member)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    for _ in range(3):
        case = _received(9)
        services.reporter_message(case, "x")
    count()  # the first request also finds the site (then kept, integriteitsplein/routememo.py)
    few = count()
    for _ in range(27):
        case = _received(9)
        services.assign_handler(member, case, member)
    assert count() == few


# --- reopening -----------------------------------------------------------------------------


def _closed_case(member, days_ago=40):
    case = _received(days_ago)
    services.acknowledge(member, case)
    Melding.objects.filter(pk=case.pk).update(
        ontvangst_bevestigd_op=case.ontvangen_op + datetime.timedelta(days=2)
    )
    case.refresh_from_db()
    services.message_reporter(member, case, "Terugkoppeling", terugkoppeling=True)
    services.change_status(member, case, Status.IN_BEHANDELING)
    services.change_status(member, case, Status.AFGEROND)
    case.refresh_from_db()
    return case


def test_reopening_needs_a_reason_logs_it_and_restarts_the_feedback_term(client, home_page):
    member = team_member()
    case = _closed_case(member)
    first_feedback_due = case.terugkoppeling_voor
    client.force_login(member)

    html = client.get(_url(case)).content.decode()
    assert "Melding heropenen" in html

    response = client.post(_url(case, "heropenen"), {"reden": "   "})
    assert response.status_code == 400
    assert "Schrijf waarom je de melding heropent." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.AFGEROND and not Heropening.objects.exists()

    reden = f"De melder stuurde nieuwe stukken {CANARY}"
    response = client.post(_url(case, "heropenen"), {"reden": reden})
    assert response.status_code == 303
    case.refresh_from_db()
    today = timezone.localdate()
    assert case.status == Status.IN_BEHANDELING
    assert case.gesloten_op is None and case.heropend_op == today
    assert case.terugkoppeling_gegeven_op is None
    # The acknowledgement stays; feedback is due 3 months after the reopening.
    assert case.ontvangst_bevestigd_op is not None
    assert case.terugkoppeling_voor > first_feedback_due
    from meldkanaal.models.melding import add_months

    assert case.terugkoppeling_voor == add_months(today, 3)
    line = AuditLog.objects.get(melding=case, actie=AuditActie.HEROPEND)
    assert line.gebruiker == member and CANARY not in line.detail
    assert "Afgerond → In behandeling" in line.detail
    assert Heropening.objects.get(melding=case).reden == reden
    html = client.get(_url(case)).content.decode()
    assert reden in html and "Melding heropend" in html

    # The reporter can write again.
    services.reporter_message(case, "Hier zijn de stukken")


def test_reopening_an_open_case_is_refused_in_dutch(client, home_page):
    member = team_member()
    case, _ = make_report()
    client.force_login(member)
    response = client.post(_url(case, "heropenen"), {"reden": "Per ongeluk"})
    assert response.status_code == 400
    assert "Deze melding is niet afgesloten" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ONTVANGEN and case.heropend_op is None
    assert not AuditLog.objects.filter(melding=case, actie=AuditActie.HEROPEND).exists()


def test_only_the_team_reopens_and_a_cleaned_case_stays_closed(client, home_page, superuser):
    member = team_member()
    case = _closed_case(member)
    client.force_login(superuser)
    response = client.post(_url(case, "heropenen"), {"reden": "Ik wil lezen"})
    assert response.status_code in (302, 403)
    case.refresh_from_db()
    assert case.status == Status.AFGEROND

    Melding.objects.filter(pk=case.pk).update(opgeschoond_op=timezone.localdate())
    case.refresh_from_db()
    with pytest.raises(services.ActieGeweigerd, match="verwijderd"):
        services.reopen(member, case, "Nieuwe informatie")


def test_retention_removes_the_reasons_of_reopening(home_page, settings):
    member = team_member()
    case = _closed_case(member)
    services.reopen(member, case, f"Reden {CANARY}")
    case.refresh_from_db()
    services.message_reporter(member, case, "Nieuwe terugkoppeling", terugkoppeling=True)
    services.change_status(member, case, Status.AFGEROND)
    later = timezone.localdate() + datetime.timedelta(days=settings.MELDKANAAL_RETENTION_DAYS + 1)
    assert services.clean_up(later) == 1
    assert not Heropening.objects.filter(melding=case).exists()


def test_a_behandelaar_who_leaves_the_team_no_longer_handles_its_cases(home_page):
    from meldkanaal.memberships import change_member
    from meldkanaal.models import Rol

    beheerder = team_member("beheerder", rol=Rol.BEHEERDER)
    handler = team_member("behandelaar")
    case = _received(9)
    services.assign_handler(beheerder, case, handler)
    change_member(beheerder, Teamlidmaatschap.objects.get(gebruiker=handler), actief=False)
    case.refresh_from_db()
    assert case.behandelaar is None and case.mist_behandelaar()
    assert AuditLog.objects.filter(
        melding=case, actie=AuditActie.BEHANDELAAR, detail__contains="uit het team"
    ).exists()
