"""The reporter's side of the meldkanaal: the form, the one-time confirmation, follow-up.

No view stores an account, address, user agent or session for a report, and no view
writes a report to the session. The confirmation travels in a short-lived encrypted
cookie that only the reporter's browser holds and that is deleted once shown
(docs/adr: "Meldkanaal: encryption and confidentiality").
"""

import hashlib
import json

from django.core.cache import cache
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from cryptography.fernet import InvalidToken

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
        # A double click or a reload: the first request made the report.
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

    response = redirect(CONFIRMATION_PATH)
    payload = json.dumps({"nummer": melding.nummer, "code": code, "nonce": nonce}).encode()
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
