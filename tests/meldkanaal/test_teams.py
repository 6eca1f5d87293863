"""Teams are a model of the meldkanaal: only a team's beheerders change who is in it, every
change is logged and told to them, and `visible_to` is the one rule of who reads a report."""

from django.core import mail
from django.core.exceptions import PermissionDenied

import pytest

from meldkanaal import memberships
from meldkanaal.acting import acting_as
from meldkanaal.constants import BeveiligingSoort, NotificatieSoort
from meldkanaal.models import Beveiligingsregel, Melding, Notificatie, Rol, Teamlidmaatschap
from meldkanaal.services import ActieGeweigerd, send_pending_notifications
from meldkanaal.teams import MELDPUNT_INTEGRITEIT, ensure_team
from tests.factories import UserFactory
from tests.meldkanaal.factories import make_report, other_team, team_member

pytestmark = pytest.mark.django_db


def _notices():
    return list(Notificatie.objects.filter(soort=NotificatieSoort.TEAMLID).order_by("pk"))


def _log(soort):
    return Beveiligingsregel.objects.filter(soort=soort)


@pytest.fixture
def beheerder():
    return team_member("chef", rol=Rol.BEHEERDER, email="chef@provincie.example")


def test_beheerder_adds_a_member_and_the_beheerders_are_told(beheerder):
    team = ensure_team(MELDPUNT_INTEGRITEIT)
    lid = team_member("gewoon", email="lid@provincie.example")
    nieuw = UserFactory(username="nieuw", email="nieuw@provincie.example")
    mail.outbox.clear()
    memberships.add_member(beheerder, team, nieuw)
    [notice] = _notices()
    assert notice.alleen_beheerders
    assert "Account nieuw is toegevoegd aan Meldpunt integriteit (als lid), door chef" in (
        notice.tekst
    )
    send_pending_notifications()
    sent = [m for m in mail.outbox if m.subject == "Wijziging in Meldpunt integriteit"]
    assert [m.to for m in sent] == [["chef@provincie.example"]]  # not the plain member
    row = _log(BeveiligingSoort.LID_TOEGEVOEGD).get(betreft_naam="nieuw")
    assert (row.door_naam, row.betreft_naam, row.team) == ("chef", "nieuw", team)
    membership = Teamlidmaatschap.objects.get(gebruiker=nieuw)
    assert membership.toegevoegd_door == beheerder and membership.toegevoegd_op
    assert lid.email not in [address for m in sent for address in m.to]


def test_a_plain_member_or_a_superuser_cannot_change_the_team(superuser):
    team = ensure_team(MELDPUNT_INTEGRITEIT)
    lid = team_member("gewoon")
    for actor in (lid, superuser):
        with pytest.raises(ActieGeweigerd):
            memberships.add_member(actor, team, superuser)
    # Around the service, straight on the model, in a request: refused and logged too.
    with acting_as(superuser), pytest.raises(PermissionDenied):
        Teamlidmaatschap.objects.create(team=team, gebruiker=superuser)
    assert not Teamlidmaatschap.objects.filter(gebruiker=superuser).exists()
    refused = _log(BeveiligingSoort.WIJZIGING_GEWEIGERD).get()
    assert refused.door_naam == superuser.username
    assert [n.onderwerp for n in _notices()] == ["Geweigerd: wijziging in Meldpunt integriteit"]


def test_deactivating_and_removing_a_member_ends_their_access(beheerder, home_page):
    from tests.meldkanaal.factories import make_form_page

    make_form_page(home_page)
    melding, _ = make_report()
    lid = team_member("vertrekt")
    assert Melding.objects.visible_to(lid).filter(pk=melding.pk).exists()
    membership = Teamlidmaatschap.objects.get(gebruiker=lid)

    memberships.change_member(beheerder, membership, actief=False)
    lid = type(lid).objects.get(pk=lid.pk)  # a new request
    assert not Melding.objects.visible_to(lid).exists()
    assert not lid.has_perm("wagtailadmin.access_admin")

    memberships.remove_member(beheerder, membership)
    assert not Teamlidmaatschap.objects.filter(gebruiker=lid).exists()
    rows = Beveiligingsregel.objects.filter(betreft_naam="vertrekt").order_by("pk")
    assert [r.soort for r in rows] == [
        BeveiligingSoort.LID_TOEGEVOEGD,  # by the factory, as the server would
        BeveiligingSoort.LID_GEWIJZIGD,
        BeveiligingSoort.LID_VERWIJDERD,
    ]
    assert [n.tekst.splitlines()[0] for n in _notices()] == [
        "Het lidmaatschap van vertrekt in Meldpunt integriteit is gewijzigd: uitgezet, door chef.",
        "Account vertrekt is uit Meldpunt integriteit gehaald, door chef.",
    ]


def test_the_last_beheerder_stays(beheerder):
    membership = Teamlidmaatschap.objects.get(gebruiker=beheerder)
    with pytest.raises(ActieGeweigerd, match="minstens één actieve beheerder"):
        memberships.change_member(beheerder, membership, rol=Rol.LID)
    with pytest.raises(ActieGeweigerd, match="minstens één actieve beheerder"):
        memberships.remove_member(beheerder, membership)


def test_superuser_and_permissions_give_no_access(superuser, coordinator, home_page):
    from tests.meldkanaal.factories import make_form_page

    make_form_page(home_page)
    make_report()
    assert not Melding.objects.visible_to(superuser).exists()
    assert not Melding.objects.visible_to(coordinator).exists()
    member = team_member()
    assert Melding.objects.visible_to(member).count() == 1
    other = team_member("ander", team_name=other_team(with_reader=False).naam)
    assert not Melding.objects.visible_to(other).exists()


def test_a_new_team_starts_with_its_maker_as_beheerder(beheerder):
    team = memberships.create_team(beheerder, "Team ondermijning")
    assert Teamlidmaatschap.objects.get(team=team).rol == Rol.BEHEERDER
    with pytest.raises(ActieGeweigerd, match="al een team"):
        memberships.create_team(beheerder, "team ondermijning")
    with pytest.raises(ActieGeweigerd):
        memberships.create_team(team_member("gewoon"), "Nog een team")


def test_teams_page_lets_a_beheerder_manage_members(client, beheerder):
    nieuw = UserFactory(username="nieuw")
    client.force_login(beheerder)
    page = client.get("/admin/meldkanaal/teams/")
    assert page.status_code == 200
    assert "Iemand toevoegen aan Meldpunt integriteit" in page.content.decode()
    team = ensure_team(MELDPUNT_INTEGRITEIT)
    prefix = f"team{team.pk}"
    response = client.post(
        f"/admin/meldkanaal/teams/{team.pk}/",
        {"actie": "toevoegen", f"{prefix}-gebruikersnaam": "nieuw", f"{prefix}-rol": "lid"},
        follow=True,
    )
    assert "nieuw is toegevoegd aan Meldpunt integriteit." in response.content.decode()
    assert Teamlidmaatschap.objects.filter(gebruiker=nieuw, actief=True).exists()
    response = client.post(
        f"/admin/meldkanaal/teams/{team.pk}/",
        {"actie": "toevoegen", f"{prefix}-gebruikersnaam": "bestaatniet", f"{prefix}-rol": "lid"},
        follow=True,
    )
    assert "Er is geen account met de gebruikersnaam ‘bestaatniet’." in response.content.decode()


def test_teams_page_and_security_log_are_closed_to_others(client, superuser):
    lid = team_member("gewoon")
    team = ensure_team(MELDPUNT_INTEGRITEIT)
    client.force_login(superuser)
    assert client.get("/admin/meldkanaal/teams/").status_code in (302, 403)
    response = client.post(
        f"/admin/meldkanaal/teams/{team.pk}/",
        {"actie": "toevoegen", f"team{team.pk}-gebruikersnaam": superuser.username},
    )
    assert response.status_code in (302, 403)
    assert not Teamlidmaatschap.objects.filter(gebruiker=superuser).exists()
    assert client.get("/admin/meldkanaal/beveiligingslog/").status_code in (302, 403)
    client.force_login(lid)
    assert client.get("/admin/meldkanaal/teams/").status_code == 200
    assert client.get("/admin/meldkanaal/beveiligingslog/").status_code in (302, 403)
    assert _log(BeveiligingSoort.TOEGANG_GEWEIGERD).count() >= 3


def test_is_team_member_without_a_case_means_any_team():
    """The second-factor requirement asks this of every user (integriteitsplein)."""
    from meldkanaal.services.access import is_team_member

    member = team_member()
    outsider = UserFactory(username="buiten", is_superuser=True)
    assert is_team_member(member) is True
    assert is_team_member(outsider) is False


def test_the_page_model_does_not_import_the_views():
    """page → views → services → models was an import cycle; the views are set in ready()."""
    import inspect

    from meldkanaal.models import page

    imports = [
        line.strip()
        for line in inspect.getsource(page).splitlines()
        if line.strip().startswith(("import ", "from "))
    ]
    assert not [line for line in imports if "views" in line]


def test_the_daily_check_warns_beheerders_of_routes_to_nobody(beheerder):
    from io import StringIO

    from django.core.management import call_command

    from meldkanaal.constants import Soort
    from meldkanaal.models import Route

    out = StringIO()
    call_command("meldkanaal_routes_controleren", stdout=out)
    assert "Elke route en elke open melding heeft een lezer." in out.getvalue()
    assert not [n for n in _notices() if n.onderwerp == "Meldingen zonder lezer"]

    leeg = other_team("Team leeg", with_reader=False)
    Route.objects.filter(soort=Soort.ONDERMIJNING).update(team=leeg)
    call_command("meldkanaal_routes_controleren", stdout=out)
    assert "‘Ondermijning’ gaan naar Team leeg" in out.getvalue()
    [warning] = [n for n in _notices() if n.onderwerp == "Meldingen zonder lezer"]
    assert warning.alleen_beheerders and warning.team.naam == MELDPUNT_INTEGRITEIT
