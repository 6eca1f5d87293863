"""The two ways to log in: the province's identity provider, and a local password."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from training.services import set_department_from_provider

from .models import Identiteit
from .roles import sync_roles

User = get_user_model()


class ProvincieOIDCBackend(OIDCAuthenticationBackend):
    """An employee signs in at the provider; an account is made on the first sign-in."""

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims):
        return bool(claims.get("sub")) and super().verify_claims(claims)

    def filter_users_by_claims(self, claims):
        return User.objects.filter(
            identiteiten__issuer=settings.OIDC_OP_ISSUER,
            identiteiten__subject=claims["sub"],
        )

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            # The callback view reads amr/acr from here (sso.views.CallbackView).
            user.oidc_payload = payload
        return user

    def create_user(self, claims):
        user = User.objects.create_user(self._free_username(claims), email=claims.get("email", ""))
        Identiteit.objects.create(user=user, issuer=settings.OIDC_OP_ISSUER, subject=claims["sub"])
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.first_name = (claims.get("given_name") or "")[:150]
        user.last_name = (claims.get("family_name") or "")[:150]
        user.email = claims.get("email") or user.email
        user.save(update_fields=["first_name", "last_name", "email"])
        Identiteit.objects.filter(user=user, issuer=settings.OIDC_OP_ISSUER).update(
            laatst_ingelogd_op=timezone.localdate()
        )
        sync_roles(user, claims)
        set_department_from_provider(user, claims.get(settings.OIDC_DEPARTMENT_CLAIM))
        return user

    @staticmethod
    def _free_username(claims) -> str:
        wanted = (claims.get("preferred_username") or claims.get("email") or claims["sub"])[:140]
        username, n = wanted, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{wanted}-{n}"
        return username


class LocalLoginBackend(ModelBackend):
    """Username and password, for development, the demo and break-glass administrators.

    With single sign-on in place a province may switch local login off for employees
    (LOCAL_LOGIN_FOR_EMPLOYEES = False); superusers keep it, so the site can be run when
    the identity provider is down.
    """

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        return settings.LOCAL_LOGIN_FOR_EMPLOYEES or user.is_superuser
