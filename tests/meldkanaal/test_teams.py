"""A team hears at once when someone joins or leaves it: whoever is in it reads its reports."""

from django.contrib.auth.models import Group
from django.core import mail

import pytest

from meldkanaal.constants import NotificatieSoort
from meldkanaal.models import Notificatie
from meldkanaal.teams import MELDPUNT_INTEGRITEIT
from tests.factories import UserFactory
from tests.meldkanaal.factories import team_member

pytestmark = pytest.mark.django_db


def _notices():
    return list(Notificatie.objects.filter(soort=NotificatieSoort.TEAMLID).order_by("pk"))


def test_team_is_told_when_a_superuser_joins_it(django_capture_on_commit_callbacks):
    team_member(email="team@provincie.example")
    admin = UserFactory(username="beheerder", is_superuser=True, email="admin@provincie.example")
    team = Group.objects.get(name=MELDPUNT_INTEGRITEIT)
    with django_capture_on_commit_callbacks(execute=True):
        admin.groups.add(team)
    [notice] = _notices()
    assert notice.team == team
    assert "Account beheerder is toegevoegd aan Meldpunt integriteit" in notice.tekst
    sent = [m for m in mail.outbox if m.subject == "Wijziging in Meldpunt integriteit"]
    assert len(sent) == 1
    assert sorted(sent[0].to) == ["admin@provincie.example", "team@provincie.example"]


def test_team_is_told_about_removals_from_either_side():
    member = team_member()
    team = Group.objects.get(name=MELDPUNT_INTEGRITEIT)
    team.user_set.remove(member)
    other = UserFactory(username="tweede")
    team.user_set.add(other)
    other.groups.clear()
    texts = [n.tekst.splitlines()[0] for n in _notices()]
    assert texts == [
        "Account meldpunt is verwijderd uit Meldpunt integriteit.",
        "Account tweede is toegevoegd aan Meldpunt integriteit.",
        "Account tweede is verwijderd uit Meldpunt integriteit.",
    ]


def test_other_groups_are_not_a_teams_business(redacteur):
    redacteur.groups.add(Group.objects.create(name="Leesclub"))
    assert _notices() == []


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
