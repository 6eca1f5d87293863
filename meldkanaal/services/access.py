"""Who may read what: only active members of the routed team who are not excluded from the
case (conflict of interest), whatever else they are.

`Melding.objects.visible_to(user)` is the one rule for lists, counts and exports; the
functions here answer the same question for one case or for "any team" (cached per user
object, that is per request). An excluded member learns that the case exists (its number
and status, `Melding.objects.excluded_for`), nothing else.
"""

from ..models import Melding, Rol, Team, Teamlidmaatschap, Uitsluiting


def _memberships(user) -> dict[int, str]:
    """team id → role of the user's active memberships, read once per user object."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return {}
    cached = getattr(user, "_meldkanaal_teams", None)
    if cached is None:
        cached = dict(
            Teamlidmaatschap.objects.filter(gebruiker=user, actief=True).values_list(
                "team_id", "rol"
            )
        )
        user._meldkanaal_teams = cached
    return cached


def _exclusions(user) -> frozenset[int]:
    """Ids of the cases the user is excluded from, read once per user object."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_meldkanaal_uitgesloten", None)
    if cached is None:
        cached = frozenset(
            Uitsluiting.objects.filter(gebruiker=user).values_list("melding_id", flat=True)
        )
        user._meldkanaal_uitgesloten = cached
    return cached


def forget(user) -> None:
    """Drop the cached memberships and exclusions (after a change within the same request)."""
    for name in ("_meldkanaal_teams", "_meldkanaal_team_list", "_meldkanaal_uitgesloten"):
        if user is not None and hasattr(user, name):
            delattr(user, name)


def is_team_member(user, melding: Melding | None = None) -> bool:
    """Without a case: is the user an active member of any team (then a second factor is
    required). With a case: may the user read it — an active member of its team and not
    excluded from it. Superuser status counts for nothing."""
    teams = _memberships(user)
    if melding is None:
        return bool(teams)
    return melding.team_id in teams and melding.pk not in _exclusions(user)


def is_excluded(user, melding: Melding) -> bool:
    """A member of the case's team who is excluded from it: sees that it exists, no more."""
    return melding.team_id in _memberships(user) and melding.pk in _exclusions(user)


def check_team(user, melding: Melding) -> None:
    """Refuse (and log in the security log) anyone outside the case's team, and a member
    who is excluded from the case."""
    if not is_team_member(user, melding):
        from ..security_log import refuse

        detail = f"melding {melding.nummer}"
        if is_excluded(user, melding):
            detail += " (uitgesloten van deze melding)"
        refuse(user, detail, team=melding.team)


def readers(melding: Melding, team: Team | None = None):
    """The memberships of who may read the case in `team` (default: its own team): active
    members with an active account who are not excluded from it."""
    team = team or melding.team
    return team.actieve_lidmaatschappen().exclude(
        gebruiker__in=Uitsluiting.objects.filter(melding=melding).values("gebruiker")
    )


def teams() -> list[Team]:
    return list(Team.objects.order_by("naam"))


def user_teams(user) -> list[Team]:
    """The user's teams, read once per user object (the menu asks several times)."""
    ids = _memberships(user)
    if not ids:
        return []
    cached = getattr(user, "_meldkanaal_team_list", None)
    if cached is None:
        cached = list(Team.objects.filter(pk__in=ids).order_by("naam"))
        user._meldkanaal_team_list = cached
    return cached


def is_beheerder(user, team: Team | None = None) -> bool:
    """A beheerder of this team (or, without a team, of any team)."""
    roles = _memberships(user)
    if team is None:
        return Rol.BEHEERDER in roles.values()
    return roles.get(team.pk) == Rol.BEHEERDER


def is_meldpunt_admin(user) -> bool:
    """A beheerder of any team edits the routes and may start a new team."""
    return is_beheerder(user)
