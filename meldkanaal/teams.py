"""The meldkanaal's first team and its routes as a fresh `migrate` leaves them (idempotent).

A team is a `Team` with members (`Teamlidmaatschap`), not a Django group. One team,
"Meldpunt integriteit", exists from the start and receives every kind until a beheerder
changes the routes. It starts without members: the first beheerder is made by whoever
installs the site (`manage.py meldkanaal_beheerder`, or `load_demo`). Team members get the
admin and the statistics through meldkanaal.auth.TeamBackend; the Coördinator (a group)
sees counts (`view_statistiek`).
"""

from integriteitsplein import roles

from .constants import Soort

MELDPUNT_INTEGRITEIT = "Meldpunt integriteit"

COORDINATOR_PERMISSIONS = ["wagtailadmin.access_admin", "meldkanaal.view_statistiek"]


def ensure_team(name: str):
    from .models import Team

    return Team.objects.get_or_create(naam=name)[0]


def ensure_defaults() -> None:
    from .models import Route

    team = ensure_team(MELDPUNT_INTEGRITEIT)
    roles.add_model_permissions(roles.COORDINATOR, COORDINATOR_PERMISSIONS)
    for soort in Soort.values:
        Route.objects.get_or_create(soort=soort, defaults={"team": team})
