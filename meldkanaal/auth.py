"""What being in a team gives in the admin: the admin itself and the counts.

An authentication backend that authenticates nobody; it only answers has_perm. So team
membership (meldkanaal.Team) is the one place that says who is in the meldpunt, and no group
has to carry these permissions for it. Listed in AUTHENTICATION_BACKENDS.
"""

from django.contrib.auth.backends import BaseBackend

TEAM_PERMISSIONS = frozenset({"wagtailadmin.access_admin", "meldkanaal.view_statistiek"})


class TeamBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None:
            return set()
        from .services.access import is_team_member

        return set(TEAM_PERMISSIONS) if is_team_member(user_obj) else set()
