"""The reporter's journey: form → one-time confirmation → follow-up with the code."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

import pytest

from meldkanaal import services
from meldkanaal.constants import Identiteit, Soort, Status
from meldkanaal.models import AuditLog, Bericht, Bijlage, Melding, MeldVraag
from tests.meldkanaal.factories import CANARY, PDF, PNG, docx_bytes, make_report, team_member

pytestmark = pytest.mark.django_db


def _token(client, url="/melden/"):
    html = client.get(url).content.decode()
    return re.search(r'name="formulier_token" value="([^"]+)"', html).group(1)


def _post(client, **overrides):
    data = {
        "formulier_token": _token(client),
        "soort": Soort.MISSTAND,
        "beschrijving": f"Er verdwijnt geld uit de kas. {CANARY}",
        "identiteit": Identiteit.VERTROUWELIJK,
        "naam": "Fatima Bakker",
        "contact": "06 12345678",
    }
    data.update(overrides)
    return client.post("/melden/", data)


def _confirmation(client):
    html = client.get("/melden/bevestiging/").content.decode()
    number = re.search(r"data-zaaknummer>([^<]+)<", html)
    code = re.search(r"data-opvolgcode>(.*?)</code>", html)
    # Shown in groups of 4 (in spans, with <wbr>); the text itself is the whole code.
    code = re.sub(r"<[^>]+>", "", code.group(1)) if code else None
    return (number.group(1) if number else None), code, html


def test_form_page_explains_choices_and_protection(client, form_page):
    response = client.get("/melden/")  # public: no login needed
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Met mijn naam",
        "Vertrouwelijk",
        "Anoniem",
        "Wet bescherming klokkenluiders",
        "Huis voor Klokkenluiders",
        "vertrouwenspersoon",
        "sporen",
    ]:
        assert text in html
    assert response["Cache-Control"].startswith("no-store")
    # "no-referrer" would make browsers send "Origin: null", which Django's CSRF check refuses.
    assert response["Referrer-Policy"] == "same-origin"


def test_form_works_with_csrf_checks(form_page):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    html = browser.get("/melden/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    token = re.search(r'name="formulier_token" value="([^"]+)"', html).group(1)
    response = browser.post(
        "/melden/",
        {
            "csrfmiddlewaretoken": csrf,
            "formulier_token": token,
            "soort": Soort.MISSTAND,
            "beschrijving": "Iets ernstigs.",
            "identiteit": Identiteit.ANONIEM,
        },
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("identiteit", "naam", "stored_name"),
    [
        (Identiteit.GENOEMD, "Fatima Bakker", "Fatima Bakker"),
        (Identiteit.VERTROUWELIJK, "Fatima Bakker", "Fatima Bakker"),
        (Identiteit.ANONIEM, "Fatima Bakker", ""),
    ],
)
def test_full_flow_for_each_identity(client, form_page, identiteit, naam, stored_name):
    member = team_member()
    response = _post(client, identiteit=identiteit, naam=naam)
    assert response.status_code == 303
    assert response["Location"] == "/melden/bevestiging/"

    number, code, _ = _confirmation(client)
    melding = Melding.objects.get()
    assert number == melding.nummer
    assert melding.identiteit == identiteit
    assert melding.naam == stored_name
    assert CANARY in melding.beschrijving

    # The code is shown once: a reload of the confirmation no longer has it.
    assert _confirmation(client)[1] is None

    services.acknowledge(member, melding)
    response = client.post("/melden/opvolgen/", {"code": code})
    assert response.status_code == 303
    assert response["Location"] == "/melden/opvolgen/"  # the code never goes in a URL
    page = client.get("/melden/opvolgen/")
    html = page.content.decode()
    assert page.status_code == 200
    assert melding.nummer in html
    assert "ontvangstbevestiging" in html
    assert "Uiterlijk" in html  # the feedback deadline
    assert code not in html  # not even in a hidden field

    token = re.search(r'name="formulier_token" value="([^"]+)"', html).group(1)
    reply = {
        "actie": "antwoorden",
        "formulier_token": token,
        "tekst": "Ik weet nog iets.",
        "bijlagen": SimpleUploadedFile("foto.png", PNG, "image/png"),
    }
    response = client.post("/melden/opvolgen/", reply)
    assert response.status_code == 303
    assert "Je bericht is verstuurd" in client.get("/melden/opvolgen/").content.decode()
    reply["bijlagen"] = SimpleUploadedFile("foto.png", PNG, "image/png")
    assert client.post("/melden/opvolgen/", reply).status_code == 303  # the same form again
    assert Bericht.objects.filter(afzender="melder").count() == 1
    assert Bijlage.objects.filter(bericht__isnull=False).count() == 1


def test_double_submit_makes_one_report(client, form_page):
    token = _token(client)
    first = _post(client, formulier_token=token)
    second = _post(client, formulier_token=token)
    assert first.status_code == second.status_code == 303
    assert Melding.objects.count() == 1
    number, code, _ = _confirmation(client)
    assert number == Melding.objects.get().nummer and code


def test_anonymous_report_stores_no_user_ip_or_session(client, form_page, medewerker):
    client.force_login(medewerker)
    session_key = client.session.session_key
    response = client.post(
        "/melden/",
        {
            "formulier_token": _token(client),
            "soort": Soort.ONGEWENST_GEDRAG,
            "beschrijving": f"Pesterijen op de afdeling. {CANARY}",
            "identiteit": Identiteit.ANONIEM,
            "naam": "",
        },
        REMOTE_ADDR="10.11.12.13",
        HTTP_USER_AGENT="Testbrowser/9.9",
    )
    assert response.status_code == 303
    melding = Melding.objects.get()
    forbidden = ["10.11.12.13", "Testbrowser", session_key, "medewerker", "Medewerker"]
    with connection.cursor() as cursor:
        for table in [
            "meldkanaal_melding",
            "meldkanaal_auditlog",
            "meldkanaal_notificatie",
            "meldkanaal_bericht",
            "meldkanaal_bijlage",
        ]:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    assert not any(w in column for w in ("ip_", "agent", "session", "user"))
                    if column == "gebruiker_id":
                        assert value is None
                    if column in ("id", "melding_id", "team_id", "bericht_id"):
                        continue
                    for needle in forbidden:
                        assert needle not in str(value), (table, column)
    # No audit line at all: its id among the team's timed lines would date the report.
    assert not AuditLog.objects.filter(melding=melding).exists()
    # Nothing of the report in the session either.
    session = client.session
    assert all(melding.nummer not in str(v) for v in session.values())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"soort": ""}, "Kies waar je melding over gaat."),
        ({"beschrijving": "  "}, "Beschrijf wat er is gebeurd."),
        ({"identiteit": ""}, "Kies hoe je wilt melden."),
        ({"identiteit": Identiteit.GENOEMD, "naam": ""}, "Vul je naam in"),
        ({"soort": "verzonnen"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_gets_dutch_errors_and_keeps_values(client, form_page, overrides, message):
    response = _post(client, **overrides)
    html = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in html
    assert message in html
    if overrides.get("beschrijving") is None:
        assert CANARY in html  # what was typed is kept
    assert Melding.objects.count() == 0


def _files(*files):
    return {"bijlagen": list(files)}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [SimpleUploadedFile(f"f{i}.pdf", PDF, "application/pdf") for i in range(11)],
            "hoogstens 10 bijlagen",
        ),
        (
            [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")],
            "geen bestand dat we aannemen",
        ),
        (
            [SimpleUploadedFile("script.png", b"<script>alert(1)</script>", "image/png")],
            "geen bestand dat we aannemen",
        ),
        (
            [SimpleUploadedFile("groot.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")],
            "te groot",
        ),
    ],
)
def test_bad_attachments_are_refused_without_saving(client, form_page, files, message):
    response = _post(client, bijlagen=files)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Melding.objects.count() == 0
    assert Bijlage.objects.count() == 0


def test_good_attachments_are_stored_encrypted(client, form_page, settings):
    files = [
        SimpleUploadedFile("brief.pdf", PDF, "application/pdf"),
        SimpleUploadedFile("notitie.docx", docx_bytes(), "application/octet-stream"),
    ]
    assert _post(client, bijlagen=files).status_code == 303
    bijlagen = list(Bijlage.objects.order_by("pk"))
    assert [b.content_type for b in bijlagen] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    assert all(b.pad.is_relative_to(settings.MELDKANAAL_STORAGE_ROOT) for b in bijlagen)
    assert all("brief" not in b.opslagnaam for b in bijlagen)


def test_extra_questions_are_asked_and_stored_encrypted(client, form_page):
    vraag = MeldVraag.objects.create(page=form_page, label="Op welke afdeling?", verplicht=True)
    response = _post(client)
    assert response.status_code == 400
    assert "Beantwoord de vraag ‘Op welke afdeling?’." in response.content.decode()
    response = _post(client, **{vraag.veldnaam: "Financiën"})
    assert response.status_code == 303
    assert Melding.objects.get().antwoorden == {"Op welke afdeling?": "Financiën"}


def test_wrong_code_is_refused_and_guessing_is_throttled(client, form_page):
    make_report()
    response = client.post("/melden/opvolgen/", {"code": "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ"})
    assert response.status_code == 400
    assert "Deze code kennen we niet" in response.content.decode()
    assert "meldkanaal_opvolgen" not in response.cookies
    statuses = [
        client.post(
            "/melden/opvolgen/", {"code": f"ABCD-EFGH-JKLM-NPQR-STUV-WX{i:02d}"}
        ).status_code
        for i in range(12)
    ]
    assert statuses[-1] == 429
    assert "te vaak" in client.post("/melden/opvolgen/", {"code": "ABCD-X"}).content.decode()


def test_closed_report_takes_no_more_messages(client, form_page):
    member = team_member()
    melding, code = make_report()
    services.change_status(member, melding, Status.IN_BEHANDELING)
    services.mark_unreachable(member, melding)
    services.change_status(member, melding, Status.AFGEROND)
    html = client.post("/melden/opvolgen/", {"code": code}, follow=True).content.decode()
    assert "afgesloten" in html
    assert 'name="actie"' not in html


def test_repeated_post_brings_the_confirmation_the_browser_dropped(client, form_page):
    """A double click without JavaScript: the browser shows the second answer, not the
    first (which held the code). The second answer must bring the same confirmation."""
    token = _token(client)
    first = _post(client, formulier_token=token)
    assert first.status_code == 303
    client.cookies.pop("meldkanaal_bevestiging")  # the first answer never reached the page
    second = _post(client, formulier_token=token)
    assert second.status_code == 303
    number, code, _ = _confirmation(client)
    melding = Melding.objects.get()
    assert number == melding.nummer
    assert services.find_by_code(code) == melding

    # Once shown, a third POST of the same form shows "al verstuurd" without the code.
    third = _post(client, formulier_token=token)
    assert third.status_code == 303
    assert _confirmation(client)[1] is None
    assert Melding.objects.count() == 1


def test_cache_holds_nothing_readable_of_the_report(client, form_page):
    import json

    from django.core.cache import cache

    from meldkanaal.crypto import fernet

    response = _post(client)
    cookie = response.cookies["meldkanaal_bevestiging"].value
    code = json.loads(fernet().decrypt(cookie.encode()))["code"]
    melding = Melding.objects.get()
    raw = cache._cache  # the backend's own store, as an operator would see it
    if hasattr(raw, "get_client"):  # Redis
        redis = raw.get_client()
        stored = b"".join(redis.get(key) or b"" for key in redis.keys("*"))
    else:  # local memory: the pickled values
        stored = b"".join(raw.values())
    assert stored  # the one-time token and the encrypted copy for a repeated POST
    for secret in (melding.nummer, code, services.normalize_code(code), CANARY, "Fatima"):
        assert secret.encode() not in stored
