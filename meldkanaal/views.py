"""The reporter's side of the meldkanaal: the form, the one-time confirmation, follow-up.

No view stores an account, address, user agent or session for a report, and no view
writes a report to the session. The confirmation travels in a short-lived encrypted
cookie that only the reporter's browser holds and that is deleted once shown
(docs/adr: "Meldkanaal: encryption and confidentiality").
"""

import base64
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from cryptography.fernet import Fernet, InvalidToken

from . import services, throttle
from .crypto import fernet
from .forms import CodeForm, ReplyForm, ReportForm, new_form_token, read_form_token

CONFIRMATION_COOKIE = "meldkanaal_bevestiging"
CONFIRMATION_PATH = "/melden/bevestiging/"
CONFIRMATION_TTL = 10 * 60
USED_TOKEN_TTL = 2 * 24 * 60 * 60


def _private(response):
    """Never cached by a browser or proxy; not shown to search engines."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    # Not "no-referrer": browsers then send "Origin: null" and CSRF checks refuse the POST.
    response["Referrer-Policy"] = "same-origin"
    return response


def _token_key(nonce: str, kind: str) -> str:
    return f"meldkanaal:{kind}:{hashlib.sha256(nonce.encode()).hexdigest()}"


def _consume(nonce: str, kind: str = "formulier") -> bool:
    """True the first time a one-time token is used, False after (atomic in the cache)."""
    return cache.add(_token_key(nonce, kind), 1, USED_TOKEN_TTL)


def _release(nonce: str, kind: str = "formulier") -> None:
    cache.delete(_token_key(nonce, kind))


# --- the form page -------------------------------------------------------------------


def report_form(request, page):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method != "POST":
        form = ReportForm(page, initial={"formulier_token": new_form_token()})
        return _render_form(request, page, form)

    form = ReportForm(page, request.POST, request.FILES)
    form_error = None
    nonce = read_form_token(request.POST.get("formulier_token", ""))
    if nonce is None:
        form_error = "Het formulier is verlopen. Controleer je melding en verstuur hem opnieuw."
    if not form.is_valid() or form_error:
        return _render_form(request, page, form, form_error=form_error, status=400)
    if not _consume(nonce):
        # A double click or a reload: the first request made (or is making) the report. The
        # browser dropped the first answer, so this one must bring the confirmation.
        payload = _wait_for_confirmation(nonce)
        if payload is not None:
            return _to_confirmation(request, payload)
        if not _consume(nonce):  # still nothing, and not released: show "al verstuurd"
            response = redirect(CONFIRMATION_PATH)
            response.status_code = 303
            return _private(response)
    data = form.cleaned_data
    try:
        melding, code = services.submit_report(
            soort=data["soort"],
            identiteit=data["identiteit"],
            beschrijving=data["beschrijving"],
            naam=data.get("naam", "").strip(),
            contact=data.get("contact", "").strip(),
            antwoorden=form.antwoorden(),
            bijlagen=data["bijlagen"],
        )
    except services.ActieGeweigerd as error:
        _release(nonce)
        return _render_form(request, page, form, form_error=str(error), status=400)
    except BaseException:
        _release(nonce)
        raise

    payload = json.dumps({"nummer": melding.nummer, "code": code, "nonce": nonce}).encode()
    _keep_for_repeat(nonce, payload)
    return _to_confirmation(request, payload)


def _to_confirmation(request, payload: bytes):
    response = redirect(CONFIRMATION_PATH)
    response.set_cookie(
        CONFIRMATION_COOKIE,
        fernet().encrypt(payload).decode(),
        max_age=CONFIRMATION_TTL,
        path=CONFIRMATION_PATH,
        secure=request.is_secure(),
        httponly=True,
        samesite="Strict",
    )
    response.status_code = 303
    return _private(response)


# --- a repeated POST of the same form ------------------------------------------------
# When a form is sent twice (a double click without JavaScript, a reload while sending),
# the browser shows the answer to the second request and drops the first one, with the
# code in it. So the first request leaves the confirmation in the cache for 10 minutes,
# encrypted with a key made from the form's nonce. The server keeps neither the nonce nor
# that key (the cache key is another hash of it), so only the browser that sent the form
# can have it decrypted; the confirmation page replaces it by a marker when it is shown.

REPEAT_WAIT_SECONDS = 10
REPEAT_POLL_SECONDS = 0.25
SHOWN = "getoond"


def _repeat_fernet(nonce: str) -> Fernet:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"herhaling:{nonce}".encode(), "sha256")
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def _keep_for_repeat(nonce: str, payload: bytes) -> None:
    token = _repeat_fernet(nonce).encrypt(payload)
    cache.set(_token_key(nonce, "herhaling"), token, CONFIRMATION_TTL)


def _wait_for_confirmation(nonce: str) -> bytes | None:
    """The first request's confirmation, once it is stored (or None after a short wait)."""
    deadline = time.monotonic() + REPEAT_WAIT_SECONDS
    while True:
        token = cache.get(_token_key(nonce, "herhaling"))
        if token == SHOWN:
            return None
        if token is not None:
            try:
                return _repeat_fernet(nonce).decrypt(token)
            except InvalidToken:
                return None
        if cache.get(_token_key(nonce, "formulier")) is None:
            return None  # the first request failed and released the form
        if time.monotonic() >= deadline:
            return None
        time.sleep(REPEAT_POLL_SECONDS)


def _render_form(request, page, form, form_error=None, status=200):
    if form_error:
        # A fresh token so the corrected form can be sent; the values typed are kept.
        data = form.data.copy()
        data["formulier_token"] = new_form_token()
        form.data = data
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "form_error": form_error,
            "had_files": bool(request.FILES),
        }
    )
    response = TemplateResponse(request, "meldkanaal/meld_form_page.html", context, status=status)
    return _private(response)


# --- confirmation (shown once) ---------------------------------------------------------


@require_http_methods(["GET"])
def confirmation(request):
    context = {"nummer": None, "code": None}
    token = request.COOKIES.get(CONFIRMATION_COOKIE, "")
    if token:
        try:
            payload = json.loads(fernet().decrypt(token.encode(), ttl=CONFIRMATION_TTL))
        except (InvalidToken, ValueError):
            payload = None
        if payload and _consume(payload["nonce"], "bevestigd"):
            context = {"nummer": payload["nummer"], "code": payload["code"]}
            # Shown: a repeated POST no longer gets it (and need not wait for it).
            cache.set(_token_key(payload["nonce"], "herhaling"), SHOWN, CONFIRMATION_TTL)
    response = TemplateResponse(request, "meldkanaal/bevestiging.html", context)
    response.delete_cookie(CONFIRMATION_COOKIE, path=CONFIRMATION_PATH, samesite="Strict")
    return _private(response)


# --- follow-up by code ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def follow_up(request):
    """Enter the code, see status, deadlines and messages, and answer.

    Stateless: the code is posted with every request (never in a URL or session), so
    nothing ties this browser to the report after the page is closed.
    """
    if request.method == "GET":
        return _render_code(request, CodeForm())

    code_form = CodeForm(request.POST)
    if not code_form.is_valid():
        return _render_code(request, code_form, status=400)
    code = code_form.cleaned_data["code"]
    prefix = services.code_prefix(code)
    if throttle.is_blocked(prefix):
        code_form.add_error(
            "code",
            "Er is te vaak een verkeerde code ingevuld. Probeer het over een uur opnieuw, "
            "of bel het meldpunt.",
        )
        return _render_code(request, code_form, status=429)
    melding = services.find_by_code(code)
    if melding is None:
        throttle.register_failure(prefix)
        code_form.add_error(
            "code", "Deze code kennen we niet. Controleer de code en probeer het opnieuw."
        )
        return _render_code(request, code_form, status=400)

    reply_form = ReplyForm(initial={"formulier_token": new_form_token()})
    status, sent = 200, False
    if request.POST.get("actie") == "antwoorden":
        reply_form = ReplyForm(request.POST, request.FILES)
        nonce = read_form_token(request.POST.get("formulier_token", ""))
        if not reply_form.is_valid() or nonce is None:
            if nonce is None:
                reply_form.add_error(None, "Het formulier is verlopen. Verstuur het opnieuw.")
            status = 400
        elif not _consume(nonce):
            sent = True  # already sent with this form (reload)
            reply_form = ReplyForm(initial={"formulier_token": new_form_token()})
        else:
            try:
                services.reporter_message(
                    melding,
                    reply_form.cleaned_data.get("tekst", ""),
                    reply_form.cleaned_data.get("bijlagen", []),
                )
            except services.ActieGeweigerd as error:
                reply_form.add_error(None, str(error))
                status = 400
            else:
                sent = True
                reply_form = ReplyForm(initial={"formulier_token": new_form_token()})
        if status == 400:
            data = reply_form.data.copy()
            data["formulier_token"] = new_form_token()
            reply_form.data = data
        melding.refresh_from_db()

    context = {
        "melding": melding,
        "code": code,
        "berichten": melding.berichten.all(),
        "reply_form": reply_form,
        "sent": sent,
    }
    return _private(
        TemplateResponse(request, "meldkanaal/opvolgen_melding.html", context, status=status)
    )


def _render_code(request, form, status=200):
    return _private(
        TemplateResponse(request, "meldkanaal/opvolgen.html", {"form": form}, status=status)
    )
