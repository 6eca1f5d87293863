"""The reporter's side of the meldkanaal: the form, the one-time confirmation, follow-up.

No view stores an account, address, user agent or session for a report, and no view
writes a report to the session. The confirmation travels in a short-lived encrypted
cookie that only the reporter's browser holds and that is deleted once shown; the
follow-up likewise, in a 15-minute cookie for /melden/opvolgen/ only
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
from .models import Melding

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


def report_form_preview(request, page):
    """The editor's preview: the real form, without a token and with a disabled button."""
    return _render_form(request, page, ReportForm(page), preview=True)


def _render_form(request, page, form, form_error=None, status=200, preview=False):
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
            "preview": preview,
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
            code = payload["code"]
            # Groups of 4 that never break inside (the code is written down by hand).
            context = {"nummer": payload["nummer"], "code": code, "code_groepen": code.split("-")}
            # Shown: a repeated POST no longer gets it (and need not wait for it).
            cache.set(_token_key(payload["nonce"], "herhaling"), SHOWN, CONFIRMATION_TTL)
    response = TemplateResponse(request, "meldkanaal/bevestiging.html", context)
    response.delete_cookie(CONFIRMATION_COOKIE, path=CONFIRMATION_PATH, samesite="Strict")
    return _private(response)


# --- follow-up by code ------------------------------------------------------------------
# POST -> redirect -> GET: the code is posted once, in a body (never in a URL or the
# session). A verified code gives a short-lived encrypted cookie, only for /melden/opvolgen/,
# that holds the case's id and a fingerprint of its code hash (so a code removed by the
# retention clean-up stops the cookie too). A reload or Back then repeats a GET, not the
# POST with the code. "Sluiten" deletes the cookie; closing the browser or 15 minutes
# without a request end it too.

FOLLOW_UP_COOKIE = "meldkanaal_opvolgen"
FOLLOW_UP_PATH = "/melden/opvolgen/"
FOLLOW_UP_TTL = 15 * 60

TOO_MANY_GUESSES = (
    "Er is te vaak een verkeerde code ingevuld. Probeer het over een uur opnieuw, "
    "of bel het meldpunt."
)
UNKNOWN_CODE = "Deze code kennen we niet. Controleer de code en probeer het opnieuw."


def _code_fingerprint(melding) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"opvolgen:{melding.opvolgcode_hash}".encode(), "sha256"
    ).hexdigest()[:32]


def _followed_case(request) -> tuple[object | None, dict]:
    """The case whose code this browser entered in the last 15 minutes, and the cookie's data."""
    token = request.COOKIES.get(FOLLOW_UP_COOKIE, "")
    if not token:
        return None, {}
    try:
        payload = json.loads(fernet().decrypt(token.encode(), ttl=FOLLOW_UP_TTL))
        melding = Melding.objects.get(pk=int(payload["id"]))
    except (InvalidToken, ValueError, KeyError, TypeError, Melding.DoesNotExist):
        return None, {}
    if not melding.opvolgcode_hash or not hmac.compare_digest(
        _code_fingerprint(melding), str(payload.get("code", ""))
    ):
        return None, {}
    return melding, payload


def _remember_case(request, response, melding, verstuurd: bool = False):
    payload = {"id": melding.pk, "code": _code_fingerprint(melding)}
    if verstuurd:
        payload["verstuurd"] = True  # "Je bericht is verstuurd", shown once after the redirect
    response.set_cookie(
        FOLLOW_UP_COOKIE,
        fernet().encrypt(json.dumps(payload).encode()).decode(),
        max_age=FOLLOW_UP_TTL,
        path=FOLLOW_UP_PATH,
        secure=request.is_secure(),
        httponly=True,
        samesite="Strict",
    )
    return response


def _forget_case(response):
    response.delete_cookie(FOLLOW_UP_COOKIE, path=FOLLOW_UP_PATH, samesite="Strict")
    return response


def _to_case(request, melding, verstuurd: bool = False):
    response = redirect(FOLLOW_UP_PATH)
    response.status_code = 303
    return _private(_remember_case(request, response, melding, verstuurd))


def _verify_code(code_form) -> tuple[Melding | None, int]:
    """The case of a posted code and 200, or None with the error added (and counted) and
    the status to answer with: 400 for a form error or an unknown code, 429 when blocked."""
    if not code_form.is_valid():
        return None, 400
    code = code_form.cleaned_data["code"]
    prefix = services.code_prefix(code)
    if throttle.is_blocked(prefix):
        code_form.add_error("code", TOO_MANY_GUESSES)
        return None, 429
    melding = services.find_by_code(code)
    if melding is None:
        throttle.register_failure(prefix)
        code_form.add_error("code", UNKNOWN_CODE)
        return None, 400
    return melding, 200


@require_http_methods(["GET", "HEAD", "POST"])
def follow_up(request):
    """Enter the code (POST), then see status, deadlines, the report and messages (GET)."""
    melding, payload = _followed_case(request)
    if request.method != "POST":
        if melding is None:
            gesloten = request.GET.get("gesloten") == "1"
            return _forget_case(_render_code(request, CodeForm(), gesloten=gesloten))
        response = _render_case(request, melding, sent=bool(payload.get("verstuurd")))
        # Slides the 15 minutes on, and drops the "verstuurd" flag once shown.
        return _remember_case(request, response, melding)

    if request.POST.get("actie") != "antwoorden":
        code_form = CodeForm(request.POST)
        melding, status = _verify_code(code_form)
        if melding is None:
            return _render_code(request, code_form, status=status)
        return _to_case(request, melding)

    # An answer. Without a valid cookie (15 minutes passed) the code is asked again, on a
    # page that carries the typed text along, so nothing typed is lost.
    if melding is None and "code" in request.POST:
        code_form = CodeForm(request.POST)
        melding, status = _verify_code(code_form)
        if melding is None:
            return _render_code(request, code_form, status=status, reply=request.POST)
    elif melding is None:
        return _render_code(request, CodeForm(), status=400, reply=request.POST, expired=True)

    reply_form = ReplyForm(request.POST, request.FILES)
    nonce = read_form_token(request.POST.get("formulier_token", ""))
    if reply_form.is_valid() and nonce is not None:
        if not _consume(nonce):
            return _to_case(request, melding, verstuurd=True)  # already sent (a repeated POST)
        try:
            services.reporter_message(
                melding,
                reply_form.cleaned_data.get("tekst", ""),
                reply_form.cleaned_data.get("bijlagen", []),
            )
        except services.ActieGeweigerd as error:
            _release(nonce)
            reply_form.add_error(None, str(error))
        except BaseException:
            _release(nonce)
            raise
        else:
            return _to_case(request, melding, verstuurd=True)
    elif nonce is None:
        reply_form.add_error(None, "Het formulier is verlopen. Verstuur het opnieuw.")
    # Shown again with the typed text and a fresh token (an error answer is never cached).
    data = reply_form.data.copy()
    data["formulier_token"] = new_form_token()
    reply_form.data = data
    response = _render_case(
        request, melding, reply_form=reply_form, status=400, had_files=bool(request.FILES)
    )
    return _remember_case(request, response, melding)


@require_http_methods(["POST"])
def follow_up_close(request):
    """ "Sluiten": this browser forgets the case (the cookie), like logging out."""
    response = redirect(f"{FOLLOW_UP_PATH}?gesloten=1")
    response.status_code = 303
    return _private(_forget_case(response))


def _render_case(request, melding, reply_form=None, status=200, sent=False, had_files=False):
    if reply_form is None:
        reply_form = ReplyForm(initial={"formulier_token": new_form_token()})
    context = {
        "melding": melding,
        "berichten": melding.berichten_voor_melder(),
        "bijlagen": melding.bijlagen_bij_melding(),
        "antwoorden": melding.antwoorden_voor_melder(),
        "reply_form": reply_form,
        "sent": sent,
        "had_files": had_files,
    }
    return _private(
        TemplateResponse(request, "meldkanaal/opvolgen_melding.html", context, status=status)
    )


def _render_code(request, form, status=200, reply=None, expired=False, gesloten=False):
    context = {"form": form, "gesloten": gesloten, "verlopen": expired}
    if reply is not None:
        # The answer typed before the 15 minutes ran out; files must be chosen again.
        context["antwoord"] = {
            "tekst": reply.get("tekst", ""),
            "formulier_token": reply.get("formulier_token", ""),
        }
        context["verlopen"] = True
    return _private(TemplateResponse(request, "meldkanaal/opvolgen.html", context, status=status))
