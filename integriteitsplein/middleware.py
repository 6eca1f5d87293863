from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class IntranetLoginMiddleware:
    """Send visitors who are not logged in to the login page.

    The Integriteitsplein is an intranet: every page needs a logged-in employee.
    Paths in INTRANET_PUBLIC_PATHS stay open (the login page itself, and the
    meldkanaal, because an external reporter may report a misstand too).
    INTRANET_LOGIN_REQUIRED = False opens the whole site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_login(request):
            login_url = reverse(settings.LOGIN_URL)
            return redirect(f"{login_url}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _needs_login(request) -> bool:
        if not settings.INTRANET_LOGIN_REQUIRED or request.user.is_authenticated:
            return False
        return not any(request.path.startswith(p) for p in settings.INTRANET_PUBLIC_PATHS)
