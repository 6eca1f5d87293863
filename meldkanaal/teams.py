"""The meldkanaal's groups and routes as a fresh `migrate` leaves them (idempotent).

A team is a Django group with the permission `meldkanaal.behandel_melding`. One team,
"Meldpunt integriteit", exists from the start and receives every kind until a meldpunt
administrator changes the routes. The Coördinator may see counts (`view_statistiek`).
"""

from django.contrib.auth.models import Group

from integriteitsplein import roles

from .constants import Soort

MELDPUNT_INTEGRITEIT = "Meldpunt integriteit"

TEAM_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "meldkanaal.behandel_melding",
    "meldkanaal.view_statistiek",
]
# The meldpunt administrator edits the routes.
ROUTE_ADMIN_PERMISSIONS = [
    "meldkanaal.view_route",
    "meldkanaal.add_route",
    "meldkanaal.change_route",
]
COORDINATOR_PERMISSIONS = ["wagtailadmin.access_admin", "meldkanaal.view_statistiek"]


def ensure_team(name: str, route_admin: bool = False) -> Group:
    roles.add_model_permissions(
        name, TEAM_PERMISSIONS + (ROUTE_ADMIN_PERMISSIONS if route_admin else [])
    )
    return Group.objects.get(name=name)


def ensure_defaults() -> None:
    from .models import Route

    team = ensure_team(MELDPUNT_INTEGRITEIT, route_admin=True)
    roles.add_model_permissions(roles.COORDINATOR, COORDINATOR_PERMISSIONS)
    for soort in Soort.values:
        Route.objects.get_or_create(soort=soort, defaults={"team": team})
