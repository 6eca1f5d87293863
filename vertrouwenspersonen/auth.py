"""Being a vertrouwenspersoon gives the admin (for the registration), nothing else.

Like meldkanaal.auth.TeamBackend: authenticates nobody, answers has_perm only, so the role
row is the one place that says who is a vertrouwenspersoon. In AUTHENTICATION_BACKENDS.
"""

from django.contrib.auth.backends import BaseBackend

PERMISSIONS = frozenset({"wagtailadmin.access_admin"})


class VertrouwenspersoonBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None:
            return set()
        from vertrouwenspersonen.access import is_vertrouwenspersoon

        return set(PERMISSIONS) if is_vertrouwenspersoon(user_obj) else set()
