"""The sign-in at the provider, its answer, and the way back after logging out."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.urls import reverse

from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .roles import has_second_factor

logger = logging.getLogger(__name__)

# The session key the second-factor rule reads (integriteitsplein.twofactor).
SECOND_FACTOR_SESSION_KEY = "sso_tweede_factor"


class AuthenticationRequestView(OIDCAuthenticationRequestView):
    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer. Whatever goes wrong ends on the login page with a Dutch reason."""

    @property
    def failure_url(self):
        reason = "verlopen" if self.request.GET.get("error") == "login_required" else "mislukt"
        return f"{reverse(settings.LOGIN_URL)}?sso={reason}"

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            # A forged or replayed answer (unknown state, wrong nonce, bad signature).
            logger.warning("Sign-in at the provider refused: %s", error)
            return self.login_failure()
        except Exception:  # the provider is unreachable or answered nonsense
            logger.exception("Sign-in at the provider failed")
            return self.login_failure()

    def login_success(self):
        response = super().login_success()
        payload = getattr(self.user, "oidc_payload", {}) or {}
        self.request.session[SECOND_FACTOR_SESSION_KEY] = has_second_factor(payload)
        return response


def provider_logout_url(request) -> str | None:
    """Where to send the browser so that logging out here ends the session at the provider.

    Called before the local session ends (it needs the ID token as a hint).
    """
    if not (settings.OIDC_ENABLED and settings.OIDC_OP_LOGOUT_ENDPOINT):
        return None
    id_token = request.session.get("oidc_id_token")
    if not id_token:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(
                reverse(settings.LOGIN_URL) + "?uitgelogd=1"
            ),
        }
    )
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{query}"
