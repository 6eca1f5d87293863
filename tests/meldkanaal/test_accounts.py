"""A team member's account is theirs: nobody else, also a superuser, changes its password,
e-mail or username — not in Wagtail's user editor, not with a forged POST, not with the
list's bulk actions, not on the model. Every attempt is logged and told to the beheerders."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

import pytest

from meldkanaal.accounts import AccountVanTeamlid
from meldkanaal.acting import acting_as
from meldkanaal.constants import BeveiligingSoort, NotificatieSoort
from meldkanaal.models import Beveiligingsregel, Notificatie, Rol, Teamlidmaatschap
from tests.meldkanaal.factories import team_member

pytestmark = pytest.mark.django_db

PASSWORD = "Een-lang-wachtwoord-42"
NEW_PASSWORD = "Overgenomen-door-beheer-99"


@pytest.fixture
def chef():
    return team_member("chef", rol=Rol.BEHEERDER, email="chef@provincie.example")


@pytest.fixture
def member(chef):
    user = team_member("lid", email="lid@provincie.example")
    user.set_password(PASSWORD)
    user.save()  # no acting user (as on the server): allowed, logged, told
    Notificatie.objects.filter(soort=NotificatieSoort.TEAMLID).delete()
    return user


def _unchanged(member):
    stored = get_user_model().objects.get(pk=member.pk)
    assert stored.username == "lid"
    assert stored.email == "lid@provincie.example"
    assert stored.check_password(PASSWORD)


def _refusals(by):
    return Beveiligingsregel.objects.filter(
        soort=BeveiligingSoort.WIJZIGING_GEWEIGERD, door_naam=by.username, betreft_naam="lid"
    )


def _warnings():
    return Notificatie.objects.filter(soort=NotificatieSoort.TEAMLID, alleen_beheerders=True)


def _edit_data(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "Voor",
        "last_name": "Naam",
        "is_active": "on",
        "password1": "",
        "password2": "",
    }
    data.update(changes)
    return data


def test_user_editor_shows_a_members_credentials_as_fixed(client, superuser, member):
    client.force_login(superuser)
    html = client.get(f"/admin/users/edit/{member.pk}/").content.decode()
    assert "Alleen het teamlid zelf kan dit wijzigen" in html
    for name in ("username", "email", "password1"):
        tag = html[html.index(f'name="{name}"') - 300 : html.index(f'name="{name}"') + 300]
        assert "disabled" in tag, name


@pytest.mark.parametrize(
    "changes",
    [
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        {"email": "beheer@provincie.example"},
        {"username": "overgenomen"},
    ],
    ids=["wachtwoord", "e-mail", "gebruikersnaam"],
)
def test_a_forged_post_changes_nothing_and_the_beheerders_hear_of_it(
    client, superuser, member, changes
):
    client.force_login(superuser)
    response = client.post(f"/admin/users/edit/{member.pk}/", _edit_data(member, **changes))
    assert response.status_code == 200
    assert "Alleen het teamlid zelf kan het wachtwoord" in response.content.decode()
    _unchanged(member)
    assert _refusals(superuser).count() == 1
    [warning] = _warnings()
    assert f"door {superuser.username}" in warning.tekst
    assert warning.team.naam == "Meldpunt integriteit"


def test_on_the_model_a_change_by_someone_else_is_refused(superuser, member):
    stored = get_user_model().objects.get(pk=member.pk)
    with acting_as(superuser), pytest.raises(AccountVanTeamlid):
        stored.set_password(NEW_PASSWORD)
        stored.save()
    with acting_as(superuser), pytest.raises(PermissionDenied), transaction.atomic():
        get_user_model().objects.get(pk=member.pk).delete()
    _unchanged(member)
    assert Teamlidmaatschap.objects.filter(gebruiker=member).exists()
    assert _refusals(superuser).count() == 1  # the password; the delete's own rolled back


def test_the_member_changes_their_own_and_the_beheerders_hear_of_it(member):
    with acting_as(member):
        member.email = "nieuw@provincie.example"
        member.save()
    row = Beveiligingsregel.objects.get(
        soort=BeveiligingSoort.ACCOUNT_GEWIJZIGD, detail="gewijzigd: e-mailadres"
    )
    assert row.door_naam == "lid" and row.betreft_naam == "lid"
    assert _warnings().count() == 1


def test_bulk_actions_leave_team_members_alone(client, superuser, member):
    client.force_login(superuser)
    leesclub = Group.objects.create(name="Leesclub")
    base = "/admin/bulk/wagtailusers/user"
    client.post(f"{base}/delete/?id={member.pk}", {})
    client.post(f"{base}/set_active_state/?id={member.pk}", {"mark_as_active": ""})
    client.post(f"{base}/assign_role/?id={member.pk}", {"role": leesclub.pk})
    stored = get_user_model().objects.get(pk=member.pk)
    assert stored.is_active
    assert not stored.groups.exists()
    assert Teamlidmaatschap.objects.filter(gebruiker=member).exists()


def test_the_user_delete_view_refuses_a_member(client, superuser, member):
    client.force_login(superuser)
    response = client.post(f"/admin/users/delete/{member.pk}/")
    assert response.status_code in (302, 403)
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert _refusals(superuser).exists()


def test_other_accounts_are_edited_as_before(client, superuser, redacteur):
    client.force_login(superuser)
    response = client.post(
        f"/admin/users/edit/{redacteur.pk}/",
        _edit_data(redacteur, email="nieuw@provincie.example"),
    )
    assert response.status_code == 302
    redacteur.refresh_from_db()
    assert redacteur.email == "nieuw@provincie.example"


def test_a_beheerder_resets_a_members_second_factor_nobody_else(chef, member, superuser):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meldkanaal import memberships

    device = TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    with acting_as(superuser), pytest.raises(PermissionDenied), transaction.atomic():
        TOTPDevice.objects.get(pk=device.pk).delete()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    lid = Teamlidmaatschap.objects.get(gebruiker=member)
    assert memberships.reset_second_factor(chef, lid) == 1
    assert not TOTPDevice.objects.filter(user=member).exists()
    row = Beveiligingsregel.objects.get(soort=BeveiligingSoort.TWEEDE_FACTOR_HERSTELD)
    assert (row.door_naam, row.betreft_naam) == ("chef", "lid")
    assert _warnings().filter(onderwerp__startswith="Tweede factor").exists()
