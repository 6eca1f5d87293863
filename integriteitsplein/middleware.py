import re
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from wagtail.models import Page, Site

from csp.middleware import CSPMiddleware

# Wagtail's document serve view, as integriteitsplein/urls.py includes it.
DOCUMENT_PATH = re.compile(r"^/documenten/(?P<id>\d+)/[^/]+$")


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
        if request.method in ("GET", "HEAD"):
            # The images and documents an open page shows (integriteitsplein/open_media.py).
            from integriteitsplein import open_media

            if request.path.startswith(settings.MEDIA_URL):
                return not open_media.is_open_media_path(request.path[len(settings.MEDIA_URL) :])
            document = DOCUMENT_PATH.match(request.path)
            if document:
                return not open_media.is_open_document(int(document["id"]))
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


class SecondFactorMiddleware:
    """Send a password-only session of someone who needs a second factor to that step.

    Every admin page (Wagtail and the meldkanaal's case views live under /admin/) needs it;
    the admin's own login and logout do not. See integriteitsplein/twofactor.py.
    """

    PROTECTED_PREFIXES = ("/admin/",)
    OPEN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_step(request):
            from integriteitsplein import twofactor

            step = (
                "second_factor"
                if twofactor.has_second_factor(request.user)
                else ("second_factor_setup")
            )
            return redirect(f"{reverse(step)}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    def _needs_step(self, request) -> bool:
        path = request.path
        if not path.startswith(self.PROTECTED_PREFIXES) or path.startswith(self.OPEN_PATHS):
            return False
        user = request.user
        if not user.is_authenticated:
            return False
        from integriteitsplein.twofactor import needs_second_factor, session_is_verified

        return not session_is_verified(request) and needs_second_factor(user)


class SessionTimeoutMiddleware:
    """End an admin or meldkanaal session after SESSION_IDLE_SECONDS without a request and
    SESSION_MAX_SECONDS in all.

    Which sessions: those of people who use the admin or need a second factor, decided once
    at login (`mark_strict_session`, a signal) so that this check costs no query. The login
    page then says in Dutch why the person must log in again.
    """

    STARTED = "sessie_begin"
    LAST = "sessie_laatst"
    STRICT = "sessie_streng"
    # The last-seen time is written at most once a minute: not a session save per request.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if request.user.is_authenticated and session.get(self.STRICT):
            now = int(time.time())
            started, last = session.get(self.STARTED, now), session.get(self.LAST, now)
            reason = None
            if now - started > settings.SESSION_MAX_SECONDS:
                reason = SESSION_MAX_MESSAGE
            elif now - last > settings.SESSION_IDLE_SECONDS:
                reason = SESSION_IDLE_MESSAGE
            if reason:
                logout(request)
                messages.info(request, reason)
                admin = request.path.startswith("/admin/")
                login_url = reverse("wagtailadmin_login" if admin else settings.LOGIN_URL)
                return redirect(f"{login_url}?next={quote(request.get_full_path())}")
            if now - last >= self.RESOLUTION or self.LAST not in session:
                session[self.LAST] = now
        return self.get_response(request)


SESSION_IDLE_MESSAGE = (
    "Je bent uitgelogd omdat je 30 minuten niets hebt gedaan. Zo kan niemand anders verder op "
    "jouw computer. Log opnieuw in."
)
SESSION_MAX_MESSAGE = (
    "Je bent uitgelogd omdat je al 8 uur bent ingelogd. Log opnieuw in om verder te gaan."
)


def mark_strict_session(sender, request, user, **kwargs):
    """At login: does this session end after the admin's idle and total time?"""
    from integriteitsplein.twofactor import needs_second_factor

    if request is None or not hasattr(request, "session"):
        return
    strict = needs_second_factor(user) or user.has_perm("wagtailadmin.access_admin")
    if strict:
        now = int(time.time())
        request.session[SessionTimeoutMiddleware.STRICT] = True
        request.session[SessionTimeoutMiddleware.STARTED] = now
        request.session[SessionTimeoutMiddleware.LAST] = now


class AdminSearchCapMiddleware:
    """Every search in the admin (Wagtail's pages, documents, images, snippets, users and the
    meldkanaal's list) gets its query capped like the public search (search.views.clean_query:
    one line, printable, at most Wagtail's MAX_QUERY_STRING_LENGTH characters). A query of
    150 words otherwise reaches the search backend whole and ends in a 500.
    """

    PARAMETERS = ("q", "query")

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if request.path.startswith(self.admin_prefix) and any(
            name in request.GET for name in self.PARAMETERS
        ):
            from search.views import clean_query

            capped = request.GET.copy()
            for name in self.PARAMETERS:
                if name in capped:
                    capped.setlist(name, [clean_query(v) for v in capped.getlist(name)])
            request.GET = capped
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy on every response, Wagtail's admin relaxed only where it must be.

    Under /admin/ the directives in ADMIN_CONTENT_SECURITY_POLICY replace the site's (its own
    templates carry inline scripts without a nonce); the preview panel's pages may be framed
    by the admin itself, nothing else by anyone. Permissions-Policy turns camera, microphone
    and geolocation off everywhere. A response that set its own CSP (an attachment, a
    document) keeps it.
    """

    CASE_VIEWS = "/admin/meldkanaal/"

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith("/admin/"):
            replace = dict(settings.ADMIN_CONTENT_SECURITY_POLICY)
            if request.path.startswith(self.CASE_VIEWS):
                # The case views use none of Wagtail's inline-script widgets: no inline script.
                replace["script-src"] = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
            if "/preview" in request.path:
                replace["frame-ancestors"] = ["'self'"]
            parts.replace = {**replace, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
