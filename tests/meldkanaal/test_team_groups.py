"""Only a meldpunt administrator gives or takes meldkanaal permissions in Wagtail's group editor.

Otherwise a superuser could give a group of their own `change_route` (and so become a meldpunt
administrator) or `behandel_melding` (and so make it a team) and read reports. Requests go
through the real admin: /admin/groups/ with its permission tables and formsets.
"""

from html.parser import HTMLParser

from django.contrib.auth.models import Group, Permission

import pytest

from integriteitsplein import roles
from meldkanaal import services
from meldkanaal.constants import NotificatieSoort
from meldkanaal.group_forms import PANEL_HELP, PERMISSION_REFUSED
from meldkanaal.models import Notificatie
from meldkanaal.teams import MELDPUNT_INTEGRITEIT
from meldkanaal.user_forms import TEAM_REFUSED
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/groups/new/"


def _edit_url(group):
    return f"/admin/groups/edit/{group.pk}/"


def _delete_url(group):
    return f"/admin/groups/delete/{group.pk}/"


def _perm(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _codenames(group):
    group.refresh_from_db()
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


class _FormReader(HTMLParser):
    """What a browser would send for the group form, and which permissions it offers."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.offered: set[int] = set()
        self.select = None

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "select":
            self.select = name
        elif tag == "option" and "selected" in attrs and self.select:
            self.data.setdefault(self.select, []).append(attrs.get("value", ""))
        # Inputs under "__prefix__" are the formsets' templates for a new row.
        if tag != "input" or not name or name == "csrfmiddlewaretoken" or "__prefix__" in name:
            return
        kind = attrs.get("type", "text")
        if name == "permissions":
            self.offered.add(int(attrs["value"]))
        if kind == "checkbox" and "checked" not in attrs:
            return
        if kind in ("checkbox", "hidden", "text"):
            default = "on" if kind == "checkbox" else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))


def _read_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader


def _post(client, url, reader, permissions=None, **fields):
    data = dict(reader.data)
    if permissions is not None:
        data["permissions"] = [str(p.pk) for p in permissions]
    data.update(fields)
    return client.post(url, data)


@pytest.fixture
def team():
    return Group.objects.get(name=MELDPUNT_INTEGRITEIT)


@pytest.fixture
def coordinator():
    return Group.objects.get(name=roles.COORDINATOR)


@pytest.fixture
def leesclub(superuser):
    # A group of the superuser's own, without any meldkanaal permission.
    group = Group.objects.create(name="Leesclub")
    group.permissions.add(_perm("wagtailadmin.access_admin"))
    superuser.groups.add(group)
    return group


@pytest.fixture
def meldpunt_admin(team):
    user = UserFactory(username="meldpuntbeheer", is_superuser=True)
    user.groups.add(team)
    return user


@pytest.fixture
def meldkanaal_ids():
    return set(
        Permission.objects.filter(content_type__app_label="meldkanaal").values_list("pk", flat=True)
    )


def test_superuser_is_offered_no_meldkanaal_permission(client, superuser, leesclub, meldkanaal_ids):
    client.force_login(superuser)
    for url in (ADD_URL, _edit_url(leesclub)):
        reader = _read_form(client, url)
        assert _perm("wagtailadmin.access_admin").pk in reader.offered  # the rest is there
        assert not reader.offered & meldkanaal_ids
        assert "Rechten in het meldkanaal" in client.get(url).content.decode()


def test_meldpunt_admin_is_offered_the_meldkanaal_permissions(
    client, meldpunt_admin, meldkanaal_ids
):
    client.force_login(meldpunt_admin)
    reader = _read_form(client, ADD_URL)
    assert {_perm("meldkanaal.behandel_melding").pk, _perm("meldkanaal.change_route").pk} <= (
        reader.offered
    )
    assert PANEL_HELP not in client.get(ADD_URL).content.decode()


def test_forged_create_of_a_team_is_refused(client, superuser):
    client.force_login(superuser)
    reader = _read_form(client, ADD_URL)
    response = _post(
        client,
        ADD_URL,
        reader,
        [_perm("wagtailadmin.access_admin"), _perm("meldkanaal.behandel_melding")],
        name="Eigen team",
    )
    assert response.status_code == 400
    assert PERMISSION_REFUSED in response.content.decode()
    assert not Group.objects.filter(name="Eigen team").exists()
    assert not services.user_teams(superuser)


@pytest.mark.parametrize("dotted", ["meldkanaal.change_route", "meldkanaal.behandel_melding"])
def test_superuser_cannot_give_his_own_group_a_meldkanaal_permission(
    client, superuser, leesclub, dotted
):
    client.force_login(superuser)
    reader = _read_form(client, _edit_url(leesclub))
    response = _post(
        client, _edit_url(leesclub), reader, [_perm("wagtailadmin.access_admin"), _perm(dotted)]
    )
    assert response.status_code == 400
    assert PERMISSION_REFUSED in response.content.decode()
    assert _codenames(leesclub) == {"wagtailadmin.access_admin"}
    assert not services.is_meldpunt_admin(superuser)
    assert not services.user_teams(superuser)


def test_superuser_edits_a_group_and_it_keeps_its_meldkanaal_permissions(
    client, superuser, coordinator
):
    client.force_login(superuser)
    before = _codenames(coordinator)
    assert "meldkanaal.view_statistiek" in before
    page = client.get(_edit_url(coordinator)).content.decode()
    assert "Ziet aantallen meldingen en exporteert ze" in page  # shown, read-only

    # The form sends no meldkanaal permission (it offers none): the group keeps them anyway.
    reader = _read_form(client, _edit_url(coordinator))
    change = str(_perm("kennisbank.delete_contactperson").pk)
    assert change in reader.data["permissions"]
    data = {**reader.data, "permissions": [p for p in reader.data["permissions"] if p != change]}
    response = client.post(_edit_url(coordinator), data)
    assert response.status_code == 302
    assert _codenames(coordinator) == before - {"kennisbank.delete_contactperson"}


def test_superuser_sees_a_team_read_only_and_cannot_change_it(client, superuser, team):
    client.force_login(superuser)
    before, name = _codenames(team), team.name
    response = client.get(_edit_url(team))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Groep ‘{name}’ kun je niet wijzigen." in page
    assert "Is een meldpuntteam" in page
    assert 'name="name"' not in page  # no form at all

    # A forged POST (rename, drop the route permissions, add page permissions) changes nothing.
    response = client.post(
        _edit_url(team),
        {"name": "Hernoemd", "permissions": [_perm("wagtailadmin.access_admin").pk]},
    )
    assert response.status_code == 403
    assert f"Groep ‘{name}’ kun je niet wijzigen." in response.content.decode()
    team.refresh_from_db()
    assert team.name == name
    assert _codenames(team) == before


def test_superuser_cannot_delete_a_team(client, superuser, team, leesclub):
    client.force_login(superuser)
    for method in (client.get, client.post):
        response = method(_delete_url(team))
        assert response.status_code == 403
        assert f"Groep ‘{team.name}’ kun je niet verwijderen." in response.content.decode()
    assert Group.objects.filter(pk=team.pk).exists()

    # Any other group he still deletes.
    assert client.post(_delete_url(leesclub)).status_code == 302
    assert not Group.objects.filter(pk=leesclub.pk).exists()


def test_a_group_with_route_permissions_is_guarded_too(client, superuser):
    # Not a team, but its members would be meldpunt administrators.
    beheer = Group.objects.create(name="Beheer meldpunt")
    beheer.permissions.add(_perm("meldkanaal.change_route"))
    client.force_login(superuser)
    assert client.post(_edit_url(beheer), {"name": "Iets anders"}).status_code == 403
    assert client.post(_delete_url(beheer)).status_code == 403

    # Nor may he join it through the user form.
    response = client.post(
        f"/admin/users/edit/{superuser.pk}/",
        {
            "username": superuser.username,
            "email": "admin@provincie.example",
            "first_name": "Ada",
            "last_name": "Beheer",
            "is_active": "on",
            "groups": [beheer.pk],
        },
    )
    assert TEAM_REFUSED in response.content.decode()
    assert not services.is_meldpunt_admin(superuser)


def test_meldpunt_admin_creates_changes_and_deletes_a_team(client, meldpunt_admin, coordinator):
    client.force_login(meldpunt_admin)
    reader = _read_form(client, ADD_URL)
    response = _post(
        client,
        ADD_URL,
        reader,
        [_perm("wagtailadmin.access_admin"), _perm("meldkanaal.behandel_melding")],
        name="Team ondermijning 2",
    )
    assert response.status_code == 302
    nieuw = Group.objects.get(name="Team ondermijning 2")
    assert nieuw in services.teams()

    # Edits a team, also renaming it and adding a meldkanaal permission.
    reader = _read_form(client, _edit_url(nieuw))
    permissions = [*nieuw.permissions.all(), _perm("meldkanaal.view_statistiek")]
    response = _post(client, _edit_url(nieuw), reader, permissions, name="Team integriteit 2")
    assert response.status_code == 302
    assert _codenames(nieuw) == {
        "wagtailadmin.access_admin",
        "meldkanaal.behandel_melding",
        "meldkanaal.view_statistiek",
    }

    # Takes a meldkanaal permission away from another group.
    reader = _read_form(client, _edit_url(coordinator))
    statistiek = str(_perm("meldkanaal.view_statistiek").pk)
    kept = [p for p in reader.data["permissions"] if p != statistiek]
    assert len(kept) == len(reader.data["permissions"]) - 1
    response = client.post(_edit_url(coordinator), {**reader.data, "permissions": kept})
    assert response.status_code == 302
    assert "meldkanaal.view_statistiek" not in _codenames(coordinator)

    assert client.post(_delete_url(nieuw)).status_code == 302
    assert not Group.objects.filter(pk=nieuw.pk).exists()


def test_a_new_team_still_hears_of_its_members(client, meldpunt_admin):
    client.force_login(meldpunt_admin)
    reader = _read_form(client, ADD_URL)
    _post(client, ADD_URL, reader, [_perm("meldkanaal.behandel_melding")], name="Team B")
    nieuw = Group.objects.get(name="Team B")
    Notificatie.objects.all().delete()
    UserFactory(username="collega").groups.add(nieuw)
    notice = Notificatie.objects.get(soort=NotificatieSoort.TEAMLID)
    assert notice.team == nieuw
    assert notice.tekst.startswith("Account collega is toegevoegd aan Team B.")
