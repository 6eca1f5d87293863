"""Only a meldpunt administrator puts someone in a team through Wagtail's user admin.

A superuser is not one by being a superuser: otherwise they could join a team and read its
reports. Any change that is allowed still reaches the team by e-mail (test_teams.py).
"""

from django.contrib.auth.models import Group

import pytest

from meldkanaal.constants import NotificatieSoort
from meldkanaal.models import Notificatie
from meldkanaal.teams import MELDPUNT_INTEGRITEIT
from meldkanaal.user_forms import TEAM_HELP
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Een-lang-wachtwoord-42"


@pytest.fixture
def team():
    return Group.objects.get(name=MELDPUNT_INTEGRITEIT)


@pytest.fixture
def leesclub():
    return Group.objects.create(name="Leesclub")


@pytest.fixture
def meldpunt_admin(team):
    # A superuser who is also in the team that holds the route permissions.
    user = UserFactory(username="meldpuntbeheer", is_superuser=True)
    user.groups.add(team)
    _notices().delete()
    return user


def _user_data(user, groups):
    return {
        "username": user.username,
        "email": user.email or f"{user.username}@provincie.example",
        "first_name": "Voor",
        "last_name": "Naam",
        "is_active": "on",
        "groups": [g.pk for g in groups],
    }


def _notices():
    return Notificatie.objects.filter(soort=NotificatieSoort.TEAMLID)


def test_superuser_cannot_add_himself_to_a_team(client, superuser, team, leesclub):
    client.force_login(superuser)
    form = client.get(f"/admin/users/edit/{superuser.pk}/").content.decode()
    assert f'value="{leesclub.pk}"' in form
    assert f'value="{team.pk}"' not in form  # the team is not offered
    assert TEAM_HELP in form

    # Posting the team's id anyway is refused in Dutch; nothing changes.
    response = client.post(
        f"/admin/users/edit/{superuser.pk}/", _user_data(superuser, [leesclub, team])
    )
    assert response.status_code == 200
    assert "iemand aan een meldpuntteam toevoegen kan alleen" in response.content.decode()
    assert not superuser.groups.filter(pk=team.pk).exists()
    assert not _notices().exists()


def test_superuser_cannot_create_a_team_member(client, superuser, team):
    client.force_login(superuser)
    data = {
        **_user_data(UserFactory.build(username="nieuw"), [team]),
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    client.post("/admin/users/add/", data)
    assert not team.user_set.filter(username="nieuw").exists()


def test_superuser_edits_a_member_without_taking_the_team_away(client, superuser, team, leesclub):
    member = UserFactory(username="lid")
    member.groups.add(team)
    _notices().delete()
    client.force_login(superuser)
    form = client.get(f"/admin/users/edit/{member.pk}/").content.decode()
    assert "In een team: Meldpunt integriteit." in form

    response = client.post(f"/admin/users/edit/{member.pk}/", _user_data(member, [leesclub]))
    assert response.status_code == 302
    assert set(member.groups.values_list("name", flat=True)) == {MELDPUNT_INTEGRITEIT, "Leesclub"}
    assert not _notices().exists()


def test_meldpunt_admin_assigns_and_removes_team_members(client, meldpunt_admin, team):
    user = UserFactory(username="collega")
    client.force_login(meldpunt_admin)
    assert f'value="{team.pk}"' in client.get(f"/admin/users/edit/{user.pk}/").content.decode()

    client.post(f"/admin/users/edit/{user.pk}/", _user_data(user, [team]))
    assert team.user_set.filter(pk=user.pk).exists()
    client.post(f"/admin/users/edit/{user.pk}/", _user_data(user, []))
    assert not team.user_set.filter(pk=user.pk).exists()
    # The team heard of both changes.
    assert [n.tekst.splitlines()[0] for n in _notices().order_by("pk")] == [
        "Account collega is toegevoegd aan Meldpunt integriteit.",
        "Account collega is verwijderd uit Meldpunt integriteit.",
    ]


def test_bulk_assign_role_offers_no_team_to_a_superuser(client, superuser, team, leesclub):
    user = UserFactory(username="collega")
    client.force_login(superuser)
    url = f"/admin/bulk/auth/user/assign_role/?id={user.pk}"
    form = client.get(url).content.decode()
    assert f'value="{leesclub.pk}"' in form
    assert f'value="{team.pk}"' not in form
    client.post(url, {"role": team.pk})
    assert not team.user_set.filter(pk=user.pk).exists()
    client.post(url, {"role": leesclub.pk})
    assert leesclub.user_set.filter(pk=user.pk).exists()


def test_bulk_assign_role_still_works_for_a_meldpunt_admin(client, meldpunt_admin, team):
    user = UserFactory(username="collega")
    client.force_login(meldpunt_admin)
    client.post(f"/admin/bulk/auth/user/assign_role/?id={user.pk}", {"role": team.pk})
    assert team.user_set.filter(pk=user.pk).exists()
