from django.conf import settings
from django.urls import reverse
from django.utils.functional import cached_property

from mozilla_django_oidc.middleware import SessionRefresh


class ProviderSessionRefresh(SessionRefresh):
    """Check with the provider, silently, every OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS, that the
    person's sign-in there still stands (a session ended or an account blocked at the
    provider then ends here too). Only for sessions that came from the provider; never on
    the meldkanaal, the API or the feeds."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.enabled = settings.OIDC_ENABLED

    @cached_property
    def exempt_urls(self):
        return {
            reverse("oidc_authentication_callback"),
            reverse("oidc_authentication_init"),
            reverse("logout"),
        }

    def is_refreshable_url(self, request):
        if not self.enabled:
            return False
        skipped = (settings.MELDKANAAL_PATH, "/api/", "/feeds/", "/sso/")
        if request.path.startswith(skipped):
            return False
        return super().is_refreshable_url(request)

    def process_request(self, request):
        if not self.enabled:
            return None
        return super().process_request(request)
