"""The reporter names, on the form, who of the meldpunt must not read the report; the form
links to the "Waar meld ik wat?" guide when there is one."""

import re

from django.test import override_settings

import pytest

from meldkanaal.constants import AuditActie, Identiteit, Soort
from meldkanaal.models import AuditLog, Melding, Rol, Route, Uitsluiting
from tests.meldkanaal.factories import other_team, team_member

pytestmark = pytest.mark.django_db


def _token(client):
    html = client.get("/melden/").content.decode()
    return re.search(r'name="formulier_token" value="([^"]+)"', html).group(1)


def _post(client, **overrides):
    data = {
        "formulier_token": _token(client),
        "soort": Soort.MISSTAND,
        "beschrijving": "Er verdwijnt geld uit de kas.",
        "identiteit": Identiteit.ANONIEM,
    }
    data.update(overrides)
    return client.post("/melden/", data)


@pytest.fixture
def members(form_page):
    return {
        "anna": team_member("anna", first_name="Anna", last_name="Aalders", rol=Rol.BEHEERDER),
        "bert": team_member("bert", first_name="Bert", last_name="Bos"),
        "cor": team_member("cor", first_name="Cor", last_name="Claes"),
    }


def test_the_form_lists_the_receiving_teams_active_members_by_name_and_role(client, members):
    gone = team_member("weg", first_name="Wim", last_name="Weg")
    gone.teamlidmaatschappen.update(actief=False)
    html = client.get("/melden/").content.decode()
    assert "Wie van het meldpunt mag je melding niet lezen?" in html
    assert "Anna Aalders (beheerder)" in html
    assert "Bert Bos (lid)" in html
    assert "Wim Weg" not in html
    # A labelled checkbox per member, in a fieldset with a legend.
    box = re.search(rf'<input[^>]*value="{members["bert"].pk}"[^>]*>', html).group(0)
    box_id = re.search(r'id="([^"]+)"', box).group(1)
    assert 'type="checkbox"' in box and f'for="{box_id}"' in html


def test_with_several_teams_each_name_says_its_team(client, members):
    ondermijning = other_team("Team ondermijning", with_reader=False)
    team_member("dirk", team_name="Team ondermijning", first_name="Dirk", last_name="Dam")
    Route.objects.update_or_create(soort=Soort.ONDERMIJNING, defaults={"team": ondermijning})
    html = client.get("/melden/").content.decode()
    assert "Dirk Dam (lid, Team ondermijning)" in html
    assert "Bert Bos (lid, Meldpunt integriteit)" in html


def test_a_ticked_member_is_excluded_at_intake_without_an_audit_line(client, members):
    response = _post(client, uitgesloten=[members["bert"].pk])
    assert response.status_code == 303
    melding = Melding.objects.get()
    uitsluiting = Uitsluiting.objects.get(melding=melding)
    assert uitsluiting.gebruiker == members["bert"] and uitsluiting.door_melder
    assert uitsluiting.datum == melding.ontvangen_op
    # The reporter's acts get no timed audit line (its place among the team's would date it).
    assert not AuditLog.objects.filter(melding=melding, actie=AuditActie.UITGESLOTEN).exists()
    assert list(Melding.objects.visible_to(members["bert"])) == []
    assert list(Melding.objects.visible_to(members["anna"])) == [melding]

    # The team sees it in the case file and its log, the excluded member only the number.
    client.force_login(members["anna"])
    html = client.get(f"/admin/meldkanaal/melding/inspect/{melding.pk}/").content.decode()
    assert "op verzoek van de melder" in html
    assert "Teamlid uitgesloten op verzoek van de melder" in html
    client.force_login(members["bert"])
    assert client.get(f"/admin/meldkanaal/melding/inspect/{melding.pk}/").status_code == 403


@pytest.mark.parametrize("forged", ["999999", "abc", "outsider"])
def test_a_forged_member_id_is_refused_and_nothing_is_stored(client, members, forged):
    if forged == "outsider":
        forged = str(team_member("buiten", team_name="Team ongewenst gedrag").pk)
    response = _post(client, uitgesloten=[members["bert"].pk, forged])
    assert response.status_code == 400
    assert "Kies alleen namen uit de lijst." in response.content.decode()
    assert not Melding.objects.exists() and not Uitsluiting.objects.exists()


def test_excluding_everyone_who_could_read_it_is_refused(client, members):
    response = _post(client, uitgesloten=[m.pk for m in members.values()])
    assert response.status_code == 400
    assert "Dan kan niemand je melding lezen" in response.content.decode()
    assert not Melding.objects.exists() and not Uitsluiting.objects.exists()


def test_many_ticked_boxes_are_not_taken_for_a_forged_post(client, form_page):
    for index in range(8):
        team_member(f"lid{index}")
    ids = [
        user.pk for user in type(team_member("extra")).objects.filter(username__startswith="lid")
    ]
    response = _post(client, uitgesloten=ids[:7])
    assert response.status_code == 303
    assert Uitsluiting.objects.count() == 7


def test_the_form_links_to_the_waar_meld_ik_wat_guide_when_it_is_live(client, form_page):
    from meedoen.models import WegwijzerPage

    client.force_login(team_member("medewerker-met-team"))
    assert "Waar meld ik wat" not in client.get("/melden/").content.decode()

    guide = WegwijzerPage(
        title="Waar meld ik wat?",
        slug="waar-meld-ik-wat",
        stappen=[
            {
                "type": "vraag",
                "value": {
                    "code": "start",
                    "vraag": "Waarover?",
                    "antwoorden": [{"tekst": "Dit", "naar": "start"}] * 2,
                },
            }
        ],
    )
    form_page.get_parent().add_child(instance=guide)
    html = client.get("/melden/").content.decode()
    assert 'href="/waar-meld-ik-wat/"' in html

    # Not for a visitor without a login when the guide is behind the login.
    client.logout()
    with override_settings(INTRANET_LOGIN_REQUIRED=True):
        assert 'href="/waar-meld-ik-wat/"' not in client.get("/melden/").content.decode()
