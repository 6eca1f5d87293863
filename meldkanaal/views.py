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
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from cryptography.fernet import Fernet, InvalidToken

from . import form_cache, services, throttle
from .crypto import day_timestamp, fernet
from .forms import CodeForm, ReplyForm, ReportForm, new_form_token, read_form_token
from .models import FormulierToken, Melding

logger = logging.getLogger(__name__)

CONFIRMATION_COOKIE = "meldkanaal_bevestiging"
CONFIRMATION_PATH = f"{settings.MELDKANAAL_PATH}bevestiging/"
CONFIRMATION_TTL = 10 * 60
NOT_STORED = (
    "Je melding is niet opgeslagen: er ging iets mis aan onze kant. Je tekst staat hieronder "
    "nog. Probeer het over een paar minuten opnieuw, of bel het meldpunt."
)


def _private(response):
    """Never cached by a browser or proxy; not shown to search engines."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    # Not "no-referrer": browsers then send "Origin: null" and CSRF checks refuse the POST.
    response["Referrer-Policy"] = "same-origin"
    return response


def _token_key(nonce: str, kind: str) -> str:
    return hashlib.sha256(f"meldkanaal:{kind}:{nonce}".encode()).hexdigest()


def _use_token(nonce: str, kind: str) -> FormulierToken | None:
    """Mark a one-time form token used, inside the caller's transaction; None if it already was.

    The unique key makes a second POST of the same form wait until the first one's transaction
    ends (PostgreSQL row lock, SQLite's write lock) and then fail here: no sleeping, no cache.
    """
    try:
        with transaction.atomic():
            return FormulierToken.objects.create(sleutel=_token_key(nonce, kind))
    except IntegrityError:
        return None


# --- the form page -------------------------------------------------------------------


def report_form(request, page):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method != "POST":
        # The empty form is the same for everyone of one audience: the page cache keeps it and
        # fills in the CSRF token, the nonce and a fresh form token per response (ADR 0025).
        return _render_form(
            request, page, ReportForm(page, keuzes=form_cache.keuzes(request, page))
        )

    form = ReportForm(page, request.POST, request.FILES, keuzes=form_cache.keuzes(request, page))
    form_error = None
    nonce = read_form_token(request.POST.get("formulier_token", ""))
    if nonce is None:
        form_error = "Het formulier is verlopen. Controleer je melding en verstuur hem opnieuw."
    if not form.is_valid() or form_error:
        return _render_form(request, page, form, form_error=form_error, status=400)
    data = form.cleaned_data
    try:
        # The report and its used form token are stored together, or neither is.
        with transaction.atomic():
            token = _use_token(nonce, "formulier")
            if token is not None:
                melding, code = services.submit_report(
                    soort=data["soort"],
                    identiteit=data["identiteit"],
                    beschrijving=data["beschrijving"],
                    naam=data.get("naam", "").strip(),
                    contact=data.get("contact", "").strip(),
                    antwoorden=form.antwoorden(),
                    bijlagen=data["bijlagen"],
                    uitgesloten=form.uitgesloten_leden(),
                )
                payload = json.dumps({"nummer": melding.nummer, "code": code, "nonce": nonce})
                token.bevestiging = _keep_for_repeat(nonce, payload.encode())
                token.save(update_fields=["bevestiging"])
    except services.ActieGeweigerd as error:
        return _render_form(request, page, form, form_error=str(error), status=400)
    except DatabaseError as error:
        # Nothing was stored (one transaction): say so, keep what was typed, answer 503.
        logger.warning("Melding niet opgeslagen (%s)", type(error).__name__)
        return _render_not_stored(request, page, form)
    if token is None:
        # A double click, a reload or a replay: the first POST made the report. The browser
        # dropped its answer, so this one brings the confirmation (or says "al verstuurd").
        return _repeated_post(request, nonce)
    return _to_confirmation(request, payload.encode())


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
# When a form is sent twice (a double click without JavaScript, a reload while sending, a
# worker killed after storing), the browser shows the answer to the second request and
# drops the first one, with the code in it. So the first request leaves the confirmation in
# its token row, encrypted with a key made from the form's nonce. The server keeps neither
# the nonce nor that key (the row's key is another hash of it), so only the browser that sent
# the form can have it decrypted; the confirmation page empties it once shown.


def _repeat_fernet(nonce: str) -> Fernet:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"herhaling:{nonce}".encode(), "sha256")
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def _keep_for_repeat(nonce: str, payload: bytes) -> str:
    # Dated by the day only, like everything stored about a report.
    return _repeat_fernet(nonce).encrypt_at_time(payload, day_timestamp()).decode()


def _repeated_post(request, nonce: str):
    """The first POST's confirmation at once, or the "al verstuurd" page once it was shown."""
    try:
        token = FormulierToken.objects.filter(sleutel=_token_key(nonce, "formulier")).first()
    except DatabaseError:
        token = None
    if token is not None and token.bevestiging:
        try:
            return _to_confirmation(request, _repeat_fernet(nonce).decrypt(token.bevestiging))
        except InvalidToken:
            pass
    response = redirect(CONFIRMATION_PATH)
    response.status_code = 303
    return _private(response)


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
            "waar_meld_ik_wat": page.wegwijzer(getattr(request, "user", None)),
        }
    )
    response = TemplateResponse(request, "meldkanaal/meld_form_page.html", context, status=status)
    return _private(response)


def _render_not_stored(request, page, form):
    try:
        return _render_form(request, page, form, form_error=NOT_STORED, status=503)
    except Exception:  # the page itself cannot be drawn (database gone): a plain Dutch answer
        logger.warning("Formulier niet opnieuw te tonen na een databasefout")
        response = HttpResponse(
            f"<!doctype html><html lang=nl><meta charset=utf-8><title>Niet opgeslagen</title>"
            f"<p>{NOT_STORED.split(' Je tekst')[0]} Ga terug in je browser: je tekst staat daar "
            "meestal nog. Probeer het over een paar minuten opnieuw, of bel het meldpunt.</p>",
            status=503,
        )
        return _private(response)


# --- confirmation (shown once) ---------------------------------------------------------


@require_http_methods(["GET"])
def confirmation(request):
    """Case number and code, once. The cookie stays until the page has been drawn: a failed
    render (a 500, a dropped connection before the answer) can be reloaded within 10 minutes."""
    context = {"nummer": None, "code": None}
    token = request.COOKIES.get(CONFIRMATION_COOKIE, "")
    payload = None
    if token:
        try:
            payload = json.loads(fernet().decrypt(token.encode(), ttl=CONFIRMATION_TTL))
        except (InvalidToken, ValueError):
            payload = None
    if payload and not _already_shown(payload["nonce"]):
        code = payload["code"]
        # Groups of 4 that never break inside (the code is written down by hand).
        context = {"nummer": payload["nummer"], "code": code, "code_groepen": code.split("-")}
    response = TemplateResponse(request, "meldkanaal/bevestiging.html", context)
    response.render()  # before anything is marked shown
    if context["code"]:
        _mark_shown(payload["nonce"])
    response.delete_cookie(CONFIRMATION_COOKIE, path=CONFIRMATION_PATH, samesite="Strict")
    return _private(response)


def _already_shown(nonce: str) -> bool:
    try:
        return FormulierToken.objects.filter(sleutel=_token_key(nonce, "bevestigd")).exists()
    except DatabaseError:
        return False  # the cookie alone, encrypted and 10 minutes, still says it is theirs


def _mark_shown(nonce: str) -> None:
    """Shown: the cookie cannot show it again, and a repeated POST no longer gets it."""
    try:
        with transaction.atomic():
            _use_token(nonce, "bevestigd")
            FormulierToken.objects.filter(sleutel=_token_key(nonce, "formulier")).update(
                bevestiging=""
            )
    except DatabaseError as error:
        logger.warning("Bevestiging niet als getoond vastgelegd (%s)", type(error).__name__)


# --- follow-up by code ------------------------------------------------------------------
# POST -> redirect -> GET: the code is posted once, in a body (never in a URL or the
# session). A verified code gives a short-lived encrypted cookie, only for /melden/opvolgen/,
# that holds the case's id and a fingerprint of its code hash (so a code removed by the
# retention clean-up stops the cookie too). A reload or Back then repeats a GET, not the
# POST with the code. "Sluiten" deletes the cookie; closing the browser or 15 minutes
# without a request end it too.

FOLLOW_UP_COOKIE = "meldkanaal_opvolgen"
FOLLOW_UP_PATH = f"{settings.MELDKANAAL_PATH}opvolgen/"
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
    status = 400
    if reply_form.is_valid() and nonce is not None:
        try:
            # The message and its used form token are stored together, or neither is.
            with transaction.atomic():
                token = _use_token(nonce, "antwoord")
                if token is not None:
                    services.reporter_message(
                        melding,
                        reply_form.cleaned_data.get("tekst", ""),
                        reply_form.cleaned_data.get("bijlagen", []),
                    )
        except services.ActieGeweigerd as error:
            reply_form.add_error(None, str(error))
        except DatabaseError as error:
            logger.warning("Bericht niet opgeslagen (%s)", type(error).__name__)
            reply_form.add_error(
                None, "Je bericht is niet opgeslagen. Probeer het over een paar minuten opnieuw."
            )
            status = 503
        else:
            # Sent now, or already by the first of two identical POSTs.
            return _to_case(request, melding, verstuurd=True)
    elif nonce is None:
        reply_form.add_error(None, "Het formulier is verlopen. Verstuur het opnieuw.")
    # Shown again with the typed text and a fresh token (an error answer is never cached).
    data = reply_form.data.copy()
    data["formulier_token"] = new_form_token()
    reply_form.data = data
    response = _render_case(
        request, melding, reply_form=reply_form, status=status, had_files=bool(request.FILES)
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
