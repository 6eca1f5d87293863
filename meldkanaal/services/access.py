"""Who may read what: only members of the routed team, whatever else they are."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from ..models import Melding


def _group_ids(user) -> frozenset[int]:
    """The user's group ids, read once per user object (one request) to avoid a query per row."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_meldkanaal_group_ids", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("pk", flat=True))
        user._meldkanaal_group_ids = cached
    return cached


def is_team_member(user, melding: Melding | None = None) -> bool:
    """Without a case: is the user in any meldpunt team (they then need a second factor).
    With a case: only members of the routed team read it; being a superuser is not enough."""
    if melding is None:
        return bool(user_teams(user))
    return melding.team_id in _group_ids(user)


def check_team(user, melding: Melding) -> None:
    if not is_team_member(user, melding):
        raise PermissionDenied


def teams() -> list[Group]:
    return list(
        Group.objects.filter(
            permissions__codename="behandel_melding",
            permissions__content_type__app_label="meldkanaal",
        )
        .distinct()
        .order_by("name")
    )


# A group with one of these is a team or makes its members meldpunt administrators: only a
# meldpunt administrator changes such a group or who is in it (user_forms, group_forms).
GUARDED_CODENAMES = ("behandel_melding", "add_route", "change_route", "delete_route")


def guarded_groups():
    """The teams and the groups with route permissions."""
    return Group.objects.filter(
        permissions__content_type__app_label="meldkanaal",
        permissions__codename__in=GUARDED_CODENAMES,
    ).distinct()


def has_group_permission(user, codename: str) -> bool:
    """A meldkanaal permission through one of the user's groups; superuser status is ignored."""
    if not (user.is_authenticated and user.is_active):
        return False
    return Group.objects.filter(
        user=user,
        permissions__codename=codename,
        permissions__content_type__app_label="meldkanaal",
    ).exists()


def is_meldpunt_admin(user) -> bool:
    """A meldpunt administrator edits the routes and puts people in teams (teams.py)."""
    return has_group_permission(user, "change_route")


def user_teams(user) -> list[Group]:
    ids = _group_ids(user)
    return [team for team in teams() if team.pk in ids] if ids else []
