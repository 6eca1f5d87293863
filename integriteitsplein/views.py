import sys
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.static import serve as static_serve

import django_otp

from integriteitsplein import twofactor
from integriteitsplein.forms import IntranetLoginForm, SecondFactorForm
from sso.views import provider_logout_url


class LoginView(auth_views.LoginView):
    """The intranet login, in Dutch and in the site's own look."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = IntranetLoginForm

    SSO_MESSAGES = {
        "mislukt": "Inloggen met je provincie-account lukte niet. Probeer het opnieuw. Lukt "
        "het weer niet? Neem contact op met de servicedesk.",
        "verlopen": "Je sessie bij de provincie is verlopen. Log opnieuw in.",
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.OIDC_ENABLED
        context["local_login_for_employees"] = settings.LOCAL_LOGIN_FOR_EMPLOYEES
        context["sso_message"] = self.SSO_MESSAGES.get(self.request.GET.get("sso", ""))
        context["logged_out_at_provider"] = "uitgelogd" in self.request.GET
        return context

    def form_invalid(self, form):
        # A wrong name or password is bad input: a 400; a paused account: a 429.
        response = super().form_invalid(form)
        response.status_code = 429 if form.is_throttled else 400
        return response


class LogoutView(auth_views.LogoutView):
    """Log out and say so: on a shared device the reader must know the session ended."""

    def post(self, request, *args, **kwargs):
        # Signed in at the provider? Then end that session too (it needs the ID token,
        # which goes with the local session).
        provider_logout = provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        if provider_logout:
            return HttpResponseRedirect(provider_logout)
        messages.success(
            request, "Je bent uitgelogd. Sluit de browser als je een gedeelde computer gebruikt."
        )
        return response


def csrf_failure(request, reason=""):
    """A refused form (expired or missing CSRF token), explained in Dutch in the site's look.

    Django's own page is English and, with DEBUG on, technical. `reason` is not shown:
    it says nothing a reader can act on.
    """
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """The 500 page, or a 503 when the database could not be reached (a restart, a failover).

    Django calls this for an error anywhere, middleware included (the session, the site
    lookup), where the meldkanaal's own views cannot catch it. The pages render without the
    database. A 503 tells the reporter that nothing was stored and that trying again helps.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "30"
        return response
    return render(request, "500.html", status=500)


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    # An intranet: nothing here is for search engines.
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


# --- The second factor (integriteitsplein/twofactor.py) -----------------------------------

WRONG_CODE = "Deze code klopt niet of is al gebruikt. Wacht op de volgende code in je app."
THROTTLED = (
    "Er is te vaak een verkeerde code ingevuld. Wacht een minuut en probeer het dan opnieuw."
)


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def _code_error(form, outcome) -> int:
    form.add_error("code", THROTTLED if outcome.throttled else WRONG_CODE)
    return 429 if outcome.throttled else 400


def _verified(request, device) -> None:
    # A new session key for the raised trust, as Django does at login.
    request.session.cycle_key()
    django_otp.login(request, device)


@never_cache
@login_required
def second_factor(request):
    """The second step after the password: a code from the app or a recovery code."""
    next_url = _next_url(request)
    user = request.user
    if twofactor.session_is_verified(request):
        return redirect(next_url)
    if not twofactor.has_second_factor(user):
        if twofactor.needs_second_factor(user):
            return redirect(f"{reverse('second_factor_setup')}?next={quote(next_url)}")
        return redirect(next_url)
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = twofactor.verify(user, form.cleaned_data["code"])
        if outcome.device is not None:
            _verified(request, outcome.device)
            if outcome.recovery_codes_left is not None:
                messages.warning(
                    request,
                    f"Je hebt een herstelcode gebruikt. Je hebt er nog "
                    f"{outcome.recovery_codes_left}.",
                )
            return redirect(next_url)
        status = _code_error(form, outcome)
    elif request.method == "POST":
        status = 400
    return render(
        request, "registration/tweede_stap.html", {"form": form, "next": next_url}, status=status
    )


@never_cache
@login_required
def second_factor_setup(request):
    """Set up the app: scan the QR code (or type the secret), then type its first code.

    Only while the person has no app yet: otherwise a stolen password could add the thief's
    app. A lost app is reset by a team beheerder (reset_second_factor), then set up anew.
    """
    next_url = _next_url(request)
    user = request.user
    if twofactor.has_second_factor(user):
        return redirect(f"{reverse('second_factor')}?next={quote(next_url)}")
    device = twofactor.pending_device(user)
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = twofactor.confirm(device, form.cleaned_data["code"])
        if outcome.device is not None:
            _verified(request, outcome.device)
            codes = twofactor.new_recovery_codes(user)
            # Shown in this answer only, never stored in the session or shown again.
            return render(
                request, "registration/herstelcodes.html", {"codes": codes, "next": next_url}
            )
        status = _code_error(form, outcome)
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "next": next_url,
        "qr_code": twofactor.qr_code_svg(device),
        "secret": twofactor.secret_of(device),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "registration/tweede_stap_instellen.html", context, status=status)


_BASELINE_BODY = (
    '<!DOCTYPE html><html lang="nl"><head><title>Basislijn</title></head><body>'
    + "<p>Integriteit is van ons allemaal.</p>" * 800
    + "</body></html>"
)


def bench_baseline(request):
    """A 30 KB page with no template and no query beyond the session and user that the
    middleware reads: the baseline `make bench` compares every page with (BENCH_BASELINE)."""
    request.user.is_authenticated  # noqa: B018 - the same session and user lookup as a page
    return HttpResponse(_BASELINE_BODY)


def media(request, path):
    """Files under MEDIA_ROOT: images and their renditions. Editors' documents never come
    from here: only Wagtail's serve view (/documenten/) applies collection privacy and sends
    them as attachments with a CSP."""
    if path.startswith("documents/") or path.startswith("/"):
        raise Http404
    return static_serve(request, path, document_root=settings.MEDIA_ROOT)
