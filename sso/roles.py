"""Roles from the identity provider's group claim.

Only the site's roles are managed this way (Medewerker, and those in OIDC_ROLE_MAPPING);
every other group a person is in — above all a meldkanaal team — is left alone. A team
is never granted from outside the meldkanaal (docs/adr: single sign-on).
"""

from django.conf import settings
from django.contrib.auth.models import Group

from integriteitsplein import roles


def roles_from_claims(claims: dict) -> set[str]:
    provider_groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(provider_groups, str):
        provider_groups = [provider_groups]
    provider_groups = set(provider_groups)
    granted = {roles.MEDEWERKER}
    for role, provider_group in settings.OIDC_ROLE_MAPPING.items():
        if provider_group in provider_groups:
            granted.add(role)
    return granted


def sync_roles(user, claims: dict) -> None:
    """Give the roles the provider says, take away the managed roles it no longer says."""
    managed = {roles.MEDEWERKER, *settings.OIDC_ROLE_MAPPING}
    granted = roles_from_claims(claims)
    groups = {group.name: group for group in Group.objects.filter(name__in=managed)}
    current = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    to_add = [groups[name] for name in granted - current if name in groups]
    to_remove = [groups[name] for name in current - granted]
    if to_add:
        user.groups.add(*to_add)
    if to_remove:
        user.groups.remove(*to_remove)


def has_second_factor(payload: dict) -> bool:
    """Did the provider say the person signed in with more than a password (amr/acr)?"""
    amr = payload.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(amr) & set(settings.OIDC_MFA_AMR):
        return True
    return bool(payload.get("acr")) and payload.get("acr") in settings.OIDC_MFA_ACR
