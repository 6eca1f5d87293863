"""The team side: who may see what. Only the routed team reads a report."""

import re

import pytest

from meldkanaal import services
from meldkanaal.constants import AuditActie, BeveiligingSoort, Status
from meldkanaal.models import AuditLog, Beveiligingsregel, Melding, Rol
from meldkanaal.services import Upload
from tests.meldkanaal.factories import (
    CANARY,
    PDF,
    make_form_page,
    make_report,
    other_team,
    team_member,
)

pytestmark = pytest.mark.django_db

ATTACHMENT = PDF + CANARY.encode()
CANARY_PART = CANARY.split("-")[1]


@pytest.fixture
def case(home_page):
    make_form_page(home_page)
    melding, _ = make_report(
        bijlagen=[Upload(f"bewijs-{CANARY}.pdf", ATTACHMENT, "application/pdf")]
    )
    services.reporter_message(melding, f"Nog een detail: {CANARY}")
    return melding


@pytest.fixture
def roles(medewerker, redacteur, coordinator, superuser):
    other = team_member("ander-team", team_name=other_team().name)
    return {
        "medewerker": medewerker,
        "redacteur": redacteur,
        "coordinator": coordinator,
        "superuser": superuser,
        "ander team": other,
    }


def _urls(melding):
    bijlage = melding.bijlagen.get()
    return {
        "list": f"/admin/meldkanaal/melding/?q={melding.nummer}",
        "list_all": "/admin/meldkanaal/melding/",
        "inspect": f"/admin/meldkanaal/melding/inspect/{melding.pk}/",
        "download": f"/admin/meldkanaal/bijlage/{bijlage.pk}/",
        "export": "/admin/meldkanaal/statistiek/csv/",
        "statistics": "/admin/meldkanaal/statistiek/",
        "edit": f"/admin/meldkanaal/melding/edit/{melding.pk}/",
        "delete": f"/admin/meldkanaal/melding/delete/{melding.pk}/",
        "history": f"/admin/meldkanaal/melding/history/{melding.pk}/",
        "create": "/admin/meldkanaal/melding/create/",
        "dashboard": "/admin/",
        "site_history": "/admin/reports/site-history/",
        # Searches use a part of the canary: the full canary must not come back.
        "admin_search": f"/admin/pages/search/?q={CANARY_PART}",
        "search": f"/zoeken/?q={CANARY_PART}",
        "search_json": f"/zoeken/?q={CANARY_PART}&format=json",
        "search_word": "/zoeken/?q=Declaraties",
        "api": "/api/v2/pages/",
    }


def test_team_member_reads_and_handles_the_report(client, case):
    member = team_member()
    client.force_login(member)
    urls = _urls(case)

    listing = client.get(urls["list_all"])
    assert listing.status_code == 200
    assert case.nummer in listing.content.decode()

    inspect = client.get(urls["inspect"])
    html = inspect.content.decode()
    assert inspect.status_code == 200
    assert CANARY in html
    assert "Declaraties kloppen niet" in html

    download = client.get(urls["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == ATTACHMENT
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"

    assert client.get(urls["export"]).status_code == 200

    response = client.post(
        f"/admin/meldkanaal/melding/{case.pk}/actie/status/", {"status": Status.IN_BEHANDELING}
    )
    assert response.status_code == 303
    case.refresh_from_db()
    assert case.status == Status.IN_BEHANDELING

    actions = set(AuditLog.objects.filter(melding=case).values_list("actie", flat=True))
    assert {AuditActie.GELEZEN, AuditActie.BIJLAGE, AuditActie.STATUS} <= actions
    assert all(
        log.gebruiker == member
        for log in AuditLog.objects.filter(melding=case, actie=AuditActie.GELEZEN)
    )
    # The audit trail is visible to the team, and holds no content.
    assert "Melding gelezen" in client.get(urls["inspect"]).content.decode()
    assert not any(CANARY in log.detail for log in AuditLog.objects.all())


@pytest.mark.parametrize(
    "role", ["medewerker", "redacteur", "coordinator", "superuser", "ander team"]
)
def test_nobody_outside_the_team_finds_the_content(client, case, roles, role):
    outsider = roles[role]
    client.force_login(outsider)
    urls = _urls(case)
    responses = {name: client.get(url) for name, url in urls.items()}
    status_change = client.post(
        f"/admin/meldkanaal/melding/{case.pk}/actie/status/", {"status": Status.IN_BEHANDELING}
    )
    responses["status"] = status_change
    responses["acknowledge"] = client.post(f"/admin/meldkanaal/melding/{case.pk}/actie/bevestigen/")
    responses["message"] = client.post(
        f"/admin/meldkanaal/melding/{case.pk}/actie/bericht/", {"tekst": "hallo"}
    )

    for name, response in responses.items():
        body = b"".join(response) if response.streaming else response.content
        assert CANARY.encode() not in body, (role, name)
        assert b"Declaraties kloppen niet" not in body, (role, name)

    for name in ("inspect", "download", "status", "acknowledge", "message"):
        assert responses[name].status_code in (302, 403, 404), (role, name)
    for name in ("edit", "delete", "history", "create"):
        assert responses[name].status_code in (302, 403, 404), (role, name)
    # The read API serves pages to an employee's session (koppelingen); it must never carry
    # a report, which the canary loop above states for its answer.

    case.refresh_from_db()
    assert case.status == Status.ONTVANGEN
    assert case.ontvangst_bevestigd_op is None
    assert not AuditLog.objects.filter(actie=AuditActie.GELEZEN).exists()

    # What each role may see instead.
    listing = responses["list_all"]
    if role == "superuser":
        # Not even that the report exists (visible_to): only the counts.
        assert listing.status_code in (302, 403)
        assert responses["export"].status_code == 200
        refused = Beveiligingsregel.objects.filter(soort=BeveiligingSoort.TOEGANG_GEWEIGERD)
        assert refused.filter(door_naam=outsider.username, detail=f"melding {case.nummer}")
    elif role == "ander team":
        assert listing.status_code == 200
        assert case.nummer not in listing.content.decode()
    else:
        assert listing.status_code in (302, 403)
    if role == "coordinator":
        assert responses["export"].status_code == 200
        assert responses["statistics"].status_code == 200
    if role in ("medewerker", "redacteur"):
        assert responses["export"].status_code in (302, 403)


def test_illegal_transition_is_refused_with_a_message(client, case):
    client.force_login(team_member())
    response = client.post(
        f"/admin/meldkanaal/melding/{case.pk}/actie/status/", {"status": Status.AFGEROND}
    )
    assert response.status_code == 400
    assert "Van ‘Ontvangen’ naar ‘Afgerond’ kan niet." in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ONTVANGEN
    bogus = client.post(f"/admin/meldkanaal/melding/{case.pk}/actie/status/", {"status": "zzz"})
    assert bogus.status_code == 400
    assert "Kies een geldige status." in bogus.content.decode()


def test_refused_action_keeps_what_was_typed(client, case):
    client.force_login(team_member())
    base = f"/admin/meldkanaal/melding/{case.pk}/actie/"
    note = "Twee getuigen gesproken; verslag in het dossier."
    response = client.post(base + "uitkomst/", {"uitkomst": "", "toelichting": note})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kies een uitkomst." in html
    assert note in html
    case.refresh_from_db()
    assert case.uitkomst == ""
    for action, data in [
        ("bericht", {"tekst": "  "}),
        ("doorzetten", {"team": case.team_id, "bevestigd": "on"}),  # its own team
        ("doorzetten", {"team": "abc", "bevestigd": "on"}),
        ("doorzetten", {"team": other_team().pk}),  # not confirmed
        ("onbekend", {}),
    ]:
        assert client.post(base + action + "/", data).status_code == 400, action
    case.refresh_from_db()
    assert case.team.name == "Meldpunt integriteit"


def test_acknowledge_puts_message_in_reporter_inbox(client, home_page):
    make_form_page(home_page)
    melding, code = make_report()
    client.force_login(team_member())
    client.post(f"/admin/meldkanaal/melding/{melding.pk}/actie/bevestigen/")
    melding.refresh_from_db()
    assert melding.ontvangst_bevestigd_op is not None
    client.logout()
    # The follow-up page takes the code once and then shows the case by a GET.
    html = client.post("/melden/opvolgen/", {"code": code}, follow=True).content.decode()
    assert "We hebben je melding ontvangen" in html


def test_close_needs_feedback_then_works(client, case):
    client.force_login(team_member())
    base = f"/admin/meldkanaal/melding/{case.pk}/actie/"
    client.post(base + "status/", {"status": Status.IN_BEHANDELING})
    response = client.post(base + "status/", {"status": Status.AFGEROND}, follow=True)
    assert "Sluiten kan pas" in response.content.decode()
    client.post(base + "bericht/", {"tekst": "We hebben het onderzocht.", "terugkoppeling": "on"})
    client.post(base + "uitkomst/", {"uitkomst": "ongegrond", "toelichting": ""})
    client.post(base + "status/", {"status": Status.AFGEROND})
    case.refresh_from_db()
    assert case.status == Status.AFGEROND
    assert case.uitkomst == "ongegrond"


def test_pass_on_from_admin_is_logged(client, case):
    target = other_team()
    team_member("ander", team_name=target.naam)
    client.force_login(team_member())
    response = client.post(
        f"/admin/meldkanaal/melding/{case.pk}/actie/doorzetten/",
        {"team": target.pk, "bevestigd": "on"},
    )
    assert response.status_code == 303
    assert response["Location"] == "/admin/meldkanaal/melding/"
    case.refresh_from_db()
    assert case.team == target
    assert AuditLog.objects.filter(melding=case, actie=AuditActie.DOORGEZET).exists()


def test_list_shows_deadlines_and_overdue_first(client, home_page):
    import datetime

    from django.utils import timezone

    client.force_login(team_member())
    recent, _ = make_report()
    old, _ = make_report()
    Melding.objects.filter(pk=old.pk).update(
        ontvangen_op=timezone.localdate() - datetime.timedelta(days=30),
        bevestigen_voor=timezone.localdate() - datetime.timedelta(days=23),
    )
    html = client.get("/admin/meldkanaal/melding/").content.decode()
    assert "Ontvangst bevestigen vóór" in html and "Terugkoppeling vóór" in html
    assert '<span class="meldkanaal-tag meldkanaal-tag--te-laat">⚠ Te laat</span>' in html
    assert "staan bovenaan" in html  # the order is explained
    assert "meldkanaal/admin.css" in html
    assert html.index(old.nummer) < html.index(recent.nummer)


def test_oral_report_by_team_member(client, home_page):
    member = team_member()
    client.force_login(member)
    page = client.get("/admin/meldkanaal/mondeling/")
    assert page.status_code == 200
    import re

    token = re.search(r'name="formulier_token" value="([^"]+)"', page.content.decode()).group(1)
    from django.utils import timezone

    data = {
        "formulier_token": token,
        "kanaal": "telefoon",
        "datum": timezone.localdate().isoformat(),
        "soort": "ongewenst_gedrag",
        "identiteit": "vertrouwelijk",
        "naam": "Jan",
        "contact": "",
        "beschrijving": "Verslag van het telefoongesprek.",
        "verslag_gecontroleerd": "on",
    }
    response = client.post("/admin/meldkanaal/mondeling/", data)
    assert response.status_code == 200
    assert "data-opvolgcode" in response.content.decode()
    melding = Melding.objects.get()
    assert melding.kanaal == "telefoon" and melding.verslag_gecontroleerd
    assert AuditLog.objects.get(actie=AuditActie.MONDELING).gebruiker == member
    client.post("/admin/meldkanaal/mondeling/", data)  # the same form again
    assert Melding.objects.count() == 1

    data["verslag_gecontroleerd"] = ""
    data["formulier_token"] = re.search(
        r'name="formulier_token" value="([^"]+)"',
        client.get("/admin/meldkanaal/mondeling/").content.decode(),
    ).group(1)
    client.post("/admin/meldkanaal/mondeling/", data)
    unchecked = Melding.objects.get(verslag_gecontroleerd=False)
    client.post(f"/admin/meldkanaal/melding/{unchecked.pk}/actie/verslag/")
    unchecked.refresh_from_db()
    assert unchecked.verslag_gecontroleerd
    assert AuditLog.objects.filter(melding=unchecked, actie=AuditActie.VERSLAG).exists()


def test_oral_report_needs_a_team(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/meldkanaal/mondeling/")
    assert response.status_code in (302, 403)  # Wagtail turns a refusal into a redirect
    assert "formulier_token" not in response.content.decode()


def test_statistics_mask_small_counts_in_csv(client, coordinator, home_page):
    for _ in range(2):
        make_report()
    client.force_login(coordinator)
    body = client.get("/admin/meldkanaal/statistiek/csv/").content.decode()
    assert "Soort;Zakelijke integriteit;<5" in body
    assert CANARY not in body


def test_list_and_case_file_cost_a_fixed_number_of_queries(
    client, home_page, django_assert_max_num_queries
):
    client.force_login(team_member())
    for _ in range(15):
        make_report()
    # ≈ 20, whatever the number of rows (measured 17 on SQLite, 18 on PostgreSQL, with one
    # query each for the member's exclusions and the cases they are excluded from).
    with django_assert_max_num_queries(25):
        assert client.get("/admin/meldkanaal/melding/").status_code == 200
    melding = Melding.objects.first()
    # The case file also reads who is excluded and who may be chosen as behandelaar or
    # excluded (one query each, shared by both forms): 24 on SQLite, 26 on PostgreSQL (its
    # audit-chain lock is a query of its own).
    with django_assert_max_num_queries(28):
        assert client.get(f"/admin/meldkanaal/melding/inspect/{melding.pk}/").status_code == 200


def test_meldpunt_administrator_edits_routes_others_cannot(client, redacteur):
    from meldkanaal.constants import Soort
    from meldkanaal.models import Route

    target = other_team(with_reader=False)
    route = Route.objects.get(soort=Soort.ONGEWENST_GEDRAG)
    url = f"/admin/meldkanaal/route/edit/{route.pk}/"

    client.force_login(redacteur)
    assert client.get(url).status_code in (302, 403)

    client.force_login(team_member())  # a plain member does not edit routes
    assert client.get(url).status_code in (302, 403)

    # A beheerder does, but not to a team nobody can read for.
    client.force_login(team_member("beheerder", rol=Rol.BEHEERDER))
    response = client.post(url, {"soort": Soort.ONGEWENST_GEDRAG, "team": target.pk})
    assert response.status_code == 200
    assert "heeft geen actieve teamleden" in response.content.decode()
    route.refresh_from_db()
    assert route.team.naam == "Meldpunt integriteit"

    team_member("ander", team_name=target.naam)
    response = client.post(url, {"soort": Soort.ONGEWENST_GEDRAG, "team": target.pk})
    assert response.status_code == 302
    route.refresh_from_db()
    assert route.team == target


def test_superuser_cannot_reroute_reports(client, superuser):
    """Otherwise a superuser could send new reports to a team of their own."""
    from meldkanaal.constants import Soort
    from meldkanaal.models import Route

    route = Route.objects.get(soort=Soort.MISSTAND)
    client.force_login(superuser)
    assert client.get("/admin/meldkanaal/route/").status_code in (302, 403)
    response = client.post(
        f"/admin/meldkanaal/route/edit/{route.pk}/",
        {"soort": Soort.MISSTAND, "team": other_team().pk},
    )
    assert response.status_code in (302, 403)
    route.refresh_from_db()
    assert route.team.name == "Meldpunt integriteit"
    assert "Routes" not in client.get("/admin/").content.decode()


def test_list_only_filters_on_status_and_kind(client, home_page):
    """Other query parameters would be database lookups: identity, readers, ciphertext."""
    from meldkanaal.constants import Identiteit

    named, _ = make_report(identiteit=Identiteit.GENOEMD)
    anonymous, _ = make_report(identiteit=Identiteit.ANONIEM)
    client.force_login(team_member())
    for query in (
        "identiteit=anoniem",
        "naam=",
        "auditlog__gebruiker__username=meldpunt",
        "beschrijving__regex=^.{500,}$",
        "bogus=1",
    ):
        response = client.get(f"/admin/meldkanaal/melding/?{query}")
        html = response.content.decode()
        assert response.status_code == 200, query
        assert named.nummer in html and anonymous.nummer in html, query
    html = client.get("/admin/meldkanaal/melding/?status__exact=afgerond").content.decode()
    assert named.nummer not in html


def test_case_file_address_with_a_bad_number_is_404(client):
    client.force_login(team_member())
    assert client.get("/admin/meldkanaal/melding/inspect/abc/").status_code == 404
    assert client.get("/admin/meldkanaal/melding/inspect/99999/").status_code == 404


def test_reporters_actions_are_in_the_log_by_the_day_without_audit_rows(client, case):
    """The report and the reporter's message show in the case file's log, dated by the day,
    but no audit row is written for them (its id among timed rows would date them)."""
    assert not AuditLog.objects.filter(melding=case, gebruiker__isnull=True).exists()
    client.force_login(team_member())
    html = client.get(f"/admin/meldkanaal/melding/inspect/{case.pk}/").content.decode()
    log = html[html.index("Logboek") :]
    day = case.ontvangen_op.strftime("%d-%m-%Y")
    assert f"<td>{day}</td><td>Melder</td><td>Melding ontvangen</td>" in log
    assert f"<td>{day}</td><td>Melder</td><td>Bericht van melder</td>" in log
    assert re.search(rf"<td>{day} \d\d:\d\d</td><td>[^<]+</td><td>Melding gelezen</td>", log)


def test_start_page_shows_the_teams_deadlines_to_the_team_only(client, home_page, superuser):
    import datetime

    from django.utils import timezone

    member = team_member()
    other = team_member("ander-team", team_name=other_team().name)
    on_time, _ = make_report()
    overdue, _ = make_report()
    Melding.objects.filter(pk=overdue.pk).update(
        ontvangen_op=timezone.localdate() - datetime.timedelta(days=30),
        bevestigen_voor=timezone.localdate() - datetime.timedelta(days=23),
    )

    client.force_login(member)
    html = client.get("/admin/").content.decode()
    assert "Meldingen van je team" in html
    assert "2 meldingen zijn nog open." in html
    assert overdue.nummer in html and "⚠ Te laat" in html
    assert f"/admin/meldkanaal/melding/inspect/{overdue.pk}/" in html
    assert on_time.nummer not in html, "a report with time to spare is not urgent"
    assert CANARY_PART not in html

    client.force_login(other)
    html = client.get("/admin/").content.decode()
    assert "0 meldingen zijn nog open." in html, "another team sees its own (none)"
    assert overdue.nummer not in html

    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "Meldingen van je team" not in html, "not in a team: no panel at all"
    assert overdue.nummer not in html
