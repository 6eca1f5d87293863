"""The reporter's follow-up: code once (POST), then a short-lived cookie (GET), and throttling."""

import json
import re
import time

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from meldkanaal import services, throttle
from meldkanaal.constants import Identiteit, Soort
from meldkanaal.crypto import fernet
from meldkanaal.models import Bericht, Melding
from meldkanaal.views import FOLLOW_UP_COOKIE, FOLLOW_UP_TTL, _code_fingerprint
from tests.meldkanaal.factories import CANARY, PDF, PNG, make_report

pytestmark = pytest.mark.django_db

URL = "/melden/opvolgen/"


def _open(client, code):
    response = client.post(URL, {"code": code})
    assert response.status_code == 303, response.content.decode()[:500]
    return client.get(URL)


def _token(html):
    return re.search(r'name="formulier_token" value="([^"]+)"', html).group(1)


def test_code_is_posted_once_then_the_case_is_a_get(client, form_page):
    melding, code = make_report()
    response = client.post(URL, {"code": code})
    assert response.status_code == 303
    assert response["Location"] == URL
    assert code not in response["Location"]
    cookie = response.cookies[FOLLOW_UP_COOKIE]
    assert cookie["path"] == URL
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert int(cookie["max-age"]) == FOLLOW_UP_TTL == 15 * 60
    assert not cookie["secure"]  # plain HTTP in the tests; see the HTTPS test below
    # The cookie is encrypted: neither the code nor the case number can be read from it.
    assert code not in cookie.value and melding.nummer not in cookie.value
    assert cookie.value.startswith("gAAAAA")  # a Fernet token, not JSON

    # A reload is a GET, as is Back: nothing is posted again.
    for _ in range(2):
        page = client.get(URL)
        assert page.status_code == 200
        assert melding.nummer in page.content.decode()
        assert page["Cache-Control"].startswith("no-store")
    # The session holds nothing of it.
    assert all(melding.nummer not in str(v) for v in client.session.values())


def test_cookie_is_secure_over_https(client, form_page, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    _, code = make_report()
    response = client.post(URL, {"code": code}, HTTP_X_FORWARDED_PROTO="https", secure=True)
    assert response.cookies[FOLLOW_UP_COOKIE]["secure"]


def test_sluiten_forgets_the_case(client, form_page):
    melding, code = make_report()
    html = _open(client, code).content.decode()
    assert 'action="/melden/opvolgen/sluiten/"' in html
    response = client.post("/melden/opvolgen/sluiten/")
    assert response.status_code == 303
    assert response.cookies[FOLLOW_UP_COOKIE].value == ""
    page = client.get(response["Location"]).content.decode()
    assert "gesloten op dit apparaat" in page
    assert melding.nummer not in page
    assert client.get("/melden/opvolgen/sluiten/").status_code == 405


def test_cookie_ends_after_15_minutes_and_cannot_be_forged(client, form_page):
    melding, _ = make_report()

    def cookie_from(minutes_ago):
        payload = json.dumps({"id": melding.pk, "code": _code_fingerprint(melding)}).encode()
        return fernet().encrypt_at_time(payload, int(time.time()) - minutes_ago * 60).decode()

    client.cookies[FOLLOW_UP_COOKIE] = cookie_from(14)
    response = client.get(URL)
    assert melding.nummer in response.content.decode()
    renewed = response.cookies[FOLLOW_UP_COOKIE].value  # each request slides the 15 minutes
    assert fernet().extract_timestamp(renewed.encode()) >= int(time.time()) - 5
    client.cookies[FOLLOW_UP_COOKIE] = cookie_from(16)
    response = client.get(URL)
    assert melding.nummer not in response.content.decode()
    assert "Je code" in response.content.decode()
    assert response.cookies[FOLLOW_UP_COOKIE].value == ""  # and it is deleted

    # Another case's id in a cookie of one's own making gets nothing.
    other, _ = make_report()
    forged = fernet().encrypt(json.dumps({"id": other.pk, "code": "x" * 32}).encode())
    client.cookies[FOLLOW_UP_COOKIE] = forged.decode()
    assert other.nummer not in client.get(URL).content.decode()
    client.cookies[FOLLOW_UP_COOKIE] = "niet-versleuteld"
    assert client.get(URL).status_code == 200


def test_cookie_stops_when_the_code_is_removed(client, form_page):
    melding, code = make_report()
    _open(client, code)
    Melding.objects.filter(pk=melding.pk).update(opvolgcode_hash="")  # as the clean-up does
    assert melding.nummer not in client.get(URL).content.decode()


def test_reporter_sees_own_report_answers_and_attachment_names(client, form_page):
    _melding, code = make_report(
        antwoorden={"Op welke afdeling?": "Financiën"},
        bijlagen=[services.Upload("bonnetjes-mei.pdf", PDF, "application/pdf")],
    )
    html = _open(client, code).content.decode()
    assert CANARY in html
    assert "Op welke afdeling?" in html and "Financiën" in html
    assert "bonnetjes-mei.pdf" in html


def test_answer_redirects_and_a_repeat_sends_nothing_twice(client, form_page):
    melding, code = make_report()
    html = _open(client, code).content.decode()
    reply = {
        "actie": "antwoorden",
        "formulier_token": _token(html),
        "tekst": "Het gebeurde ook in april.",
        "bijlagen": SimpleUploadedFile("foto.png", PNG, "image/png"),
    }
    response = client.post(URL, reply)
    assert response.status_code == 303 and response["Location"] == URL
    page = client.get(URL).content.decode()
    assert "Je bericht is verstuurd" in page
    assert "Het gebeurde ook in april." in page
    assert "foto.png" in page  # the name of the attachment sent with the message
    assert "Je bericht is verstuurd" not in client.get(URL).content.decode()  # shown once

    reply["bijlagen"] = SimpleUploadedFile("foto.png", PNG, "image/png")
    assert client.post(URL, reply).status_code == 303  # the browser sent it again
    assert Bericht.objects.filter(melding=melding, afzender="melder").count() == 1


def test_answer_with_errors_keeps_the_text(client, form_page):
    _, code = make_report()
    html = _open(client, code).content.decode()
    response = client.post(
        URL,
        {
            "actie": "antwoorden",
            "formulier_token": _token(html),
            "tekst": "Zie de bijlage.",
            "bijlagen": SimpleUploadedFile("virus.pdf", b"MZ nope", "application/pdf"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Zie de bijlage." in html
    assert "geen bestand dat we aannemen" in html
    assert "Kies ze opnieuw" in html


def test_answer_after_the_cookie_ran_out_keeps_the_text_and_asks_the_code(client, form_page):
    _melding, code = make_report()
    html = _open(client, code).content.decode()
    token = _token(html)
    client.cookies.pop(FOLLOW_UP_COOKIE)  # 15 minutes passed while typing
    typed = f"Een lang bericht dat niet verloren mag gaan. {CANARY}"
    response = client.post(URL, {"actie": "antwoorden", "formulier_token": token, "tekst": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul je code opnieuw in" in html
    assert typed in html
    assert Bericht.objects.filter(afzender="melder").count() == 0

    # The same page posts the code together with the text: it is sent.
    response = client.post(
        URL,
        {"actie": "antwoorden", "formulier_token": _token(html), "tekst": typed, "code": code},
    )
    assert response.status_code == 303
    assert Bericht.objects.get(afzender="melder").tekst == typed


def test_guessing_one_prefix_does_not_lock_out_other_reporters(client, form_page):
    """No global lock-out: 300 failed guesses spread over prefixes block nobody else."""
    _melding, code = make_report()
    for i in range(300):
        wrong = f"{i:04d}".translate(str.maketrans("0123456789", "ABCDEFGHJK"))
        statuses = client.post(URL, {"code": f"{wrong}-EFGH-JKLM-NPQR-STUV-WXYZ"}).status_code
        assert statuses == 400
    assert client.post(URL, {"code": code}).status_code == 303


def test_a_prefix_is_throttled_alike_whether_or_not_a_case_has_it(client, form_page):
    _melding, code = make_report()
    real = services.code_prefix(code)
    unknown = "ZZZZ" if real != "ZZZZ" else "YYYY"
    answers = {}
    for prefix in (real, unknown):
        answers[prefix] = [
            client.post(URL, {"code": f"{prefix}-EFGH-JKLM-NPQR-STUV-WX{i:02d}"}).status_code
            for i in range(throttle.PREFIX_LIMIT + 1)
        ]
    assert answers[real] == answers[unknown]
    assert answers[real][-1] == 429
    assert answers[real][: throttle.PREFIX_LIMIT] == [400] * throttle.PREFIX_LIMIT
    # Even the right code waits now: the prefix is blocked, not a person.
    assert client.post(URL, {"code": code}).status_code == 429
    # Another reporter's code, on another prefix, still works.
    _other, other_code = make_report()
    if services.code_prefix(other_code) not in (real, unknown):
        assert client.post(URL, {"code": other_code}).status_code == 303


def test_throttle_stores_no_address_and_no_prefix_in_clear(client, form_page):
    _, _code = make_report()
    client.post(
        URL,
        {"code": "QQQQ-EFGH-JKLM-NPQR-STUV-WXYZ"},
        REMOTE_ADDR="10.9.8.7",
        HTTP_USER_AGENT="Raadbrowser/1.0",
    )
    raw = cache._cache
    if hasattr(raw, "get_client"):  # Redis
        keys = [k.decode() for k in raw.get_client().keys("*")]
    else:
        keys = list(raw.keys())
    throttle_keys = [k for k in keys if "opvolgen" in k]
    assert throttle_keys
    for key in throttle_keys:
        assert "QQQQ" not in key and "10.9.8.7" not in key and "Raadbrowser" not in key
    assert not any("alle" in key for key in throttle_keys)  # no global counter


def test_anonymous_report_followed_up_leaves_no_trace_in_the_session(client, form_page):
    melding, code = make_report(identiteit=Identiteit.ANONIEM, soort=Soort.ONGEWENST_GEDRAG)
    _open(client, code)
    assert not client.session.keys() or all(
        melding.nummer not in str(v) and code not in str(v) for v in client.session.values()
    )
