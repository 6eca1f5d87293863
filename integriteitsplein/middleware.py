from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from wagtail.models import Page, Site


class IntranetLoginMiddleware:
    """Send visitors who are not logged in to the login page.

    The Integriteitsplein is an intranet: every page needs a logged-in employee.
    Paths in INTRANET_PUBLIC_PATHS stay open (the login page itself, and the
    meldkanaal, because an external reporter may report a misstand too), and so do
    pages that Redactie opened for external readers (OpenWithoutLoginMixin).
    INTRANET_LOGIN_REQUIRED = False opens the whole site.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_login(request):
            login_url = reverse(settings.LOGIN_URL)
            return redirect(f"{login_url}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @classmethod
    def _needs_login(cls, request) -> bool:
        if not settings.INTRANET_LOGIN_REQUIRED or request.user.is_authenticated:
            return False
        if any(request.path.startswith(p) for p in settings.INTRANET_PUBLIC_PATHS):
            return False
        return not cls._is_open_page(request)

    @staticmethod
    def _is_open_page(request) -> bool:
        """Is the path an open page, or one of its own addresses (…/versies/2016/)?"""
        if request.method not in ("GET", "HEAD"):
            return False
        site = Site.find_for_request(request)
        if site is None:
            return False
        parts = [part for part in request.path.split("/") if part]
        root = site.root_page.url_path
        # The page itself and each page above it: the deepest live one decides.
        candidates = [root + "".join(f"{p}/" for p in parts[:n]) for n in range(len(parts), 0, -1)]
        page = (
            Page.objects.live()
            .filter(url_path__in=candidates)
            .order_by("-depth")
            .only("id", "content_type")
            .first()
        )
        return page is not None and getattr(page.specific, "open_without_login", False)


class NoBogusContentEncodingMiddleware:
    """Remove the header `Content-Encoding: None` that Wagtail's document serving sends.

    wagtail.utils.sendfile writes the guessed encoding even when there is none. Browsers
    shrug, but a client that takes it at its word fails to decode the PDF.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Encoding") == "None":
            del response["Content-Encoding"]
        return response
