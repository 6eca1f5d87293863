"""Permissions read once per request, in one query (issue 13).

Django's ModelBackend reads a user's own permissions and those of their groups in two
queries; Wagtail's user bar, the admin and the search ask for them on most pages.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class OneQueryPermissionsBackend(ModelBackend):
    """First in AUTHENTICATION_BACKENDS: answers permission checks, fills Django's
    per-user cache (`_perm_cache`, which the backends after it read too) and never
    authenticates anyone: who may log in, and how, is the other backends' business."""

    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                permissions = Permission.objects.all()
            else:
                permissions = Permission.objects.filter(
                    Q(user=user_obj) | Q(group__user=user_obj)
                ).distinct()
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                )
            }
        return user_obj._perm_cache
