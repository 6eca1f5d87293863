"""The site's own views: refusals in Dutch with the right status, and the admin login."""

import re

from django.test import Client

import pytest

from tests.stylesheet import build_stylesheet


@pytest.mark.django_db
def test_refused_form_is_explained_in_dutch(medewerker, home_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(medewerker)

    response = client.post("/inloggen/", {"username": "medewerker", "password": "x"})

    assert response.status_code == 403
    body = response.content.decode()
    assert "Dit formulier is verlopen" in body
    assert "niet opgeslagen" in body
    assert 'lang="nl"' in body
    assert "CSRF" not in body, "no technical jargon for the reader"


@pytest.mark.django_db
def test_bad_request_page_is_dutch(client, medewerker, home_page, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    client.force_login(medewerker)

    # A path that tries to leave the media folder is a SuspiciousOperation: a 400.
    response = client.get("/media/%2e%2e/%2e%2e/etc/passwd", HTTP_HOST="127.0.0.1")

    assert response.status_code == 400
    assert "Dit verzoek begrijpen we niet" in response.content.decode()


@pytest.mark.django_db
def test_admin_login_is_dutch_and_branded(client):
    response = client.get("/admin/login/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Inloggen op het beheer van het Integriteitsplein" in body
    assert re.search(r'id="id_password-label">\s*Wachtwoord', body), "Wagtail shows 'Password'"


@pytest.mark.parametrize("path", ["/static/css/site.css"])
def test_css_travels_compressed(client, path, tmp_path_factory):
    # The one stylesheet blocks the first view of every page: it must travel compressed.
    build_stylesheet(tmp_path_factory)
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    plain = client.get(path)
    plain_body = b"".join(plain.streaming_content) if plain.streaming else plain.content
    assert len(body) < len(plain_body) / 3


@pytest.mark.django_db
def test_login_pauses_an_account_after_ten_wrong_passwords(client, medewerker, redacteur):
    for _ in range(10):
        response = client.post("/inloggen/", {"username": "medewerker", "password": "fout"})
        assert response.status_code == 400

    # Now even the right password waits, for this account only.
    response = client.post(
        "/inloggen/", {"username": "Medewerker ", "password": "geheim-wachtwoord"}
    )
    assert response.status_code == 429
    assert "te vaak een verkeerd wachtwoord" in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post("/inloggen/", {"username": "redacteur", "password": "geheim-wachtwoord"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_right_password_resets_the_count(client, medewerker):
    right = {"username": "medewerker", "password": "geheim-wachtwoord"}
    for _ in range(9):
        client.post("/inloggen/", {"username": "medewerker", "password": "fout"})
    assert client.post("/inloggen/", right).status_code == 302
    client.logout()

    for _ in range(9):
        client.post("/inloggen/", {"username": "medewerker", "password": "fout"})

    assert client.post("/inloggen/", right).status_code == 302, "9 + 9 is not 10 in a row"


@pytest.mark.django_db
def test_admin_login_is_paused_too(client, redacteur):
    for _ in range(10):
        client.post("/admin/login/", {"username": "redacteur", "password": "fout"})

    response = client.post(
        "/admin/login/", {"username": "redacteur", "password": "geheim-wachtwoord"}
    )

    assert "te vaak een verkeerd wachtwoord" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_date_pickers_keep_what_the_editor_typed(client, coordinator, home_page):
    # Without this the picker turns "morgen" into the current moment, and a scheduled
    # go-live into publishing at once.
    from wagtail.admin.widgets.datetime import AdminDateInput, AdminDateTimeInput

    assert AdminDateTimeInput().get_config()["validateOnBlur"] is False
    assert AdminDateInput().get_config()["validateOnBlur"] is False

    client.force_login(coordinator)
    html = client.get(f"/admin/pages/{home_page.pk}/edit/").content.decode()
    assert re.search(r'initDateTimeChooser\("id_go_live_at", \{[^}]*"validateOnBlur": false', html)


def _po_entries(path):
    """(msgid, msgstr) pairs of a small .po file: quoted strings, continuation lines."""
    entries, current, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            current[key] = rest[1:-1]
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
        elif not line.strip() and current:
            entries.append((current.get("msgid", ""), current.get("msgstr", "")))
            current, key = {}, None
    return [(msgid, msgstr) for msgid, msgstr in entries if msgid]


def test_our_dutch_words_replace_wagtails_english(settings):
    # Also fails when the committed .mo is older than the .po (compilemessages forgotten).
    from pathlib import Path

    from django.utils import translation

    po = Path(settings.BASE_DIR) / "integriteitsplein/locale/nl/LC_MESSAGES/django.po"
    entries = _po_entries(po)
    assert len(entries) >= 5
    with translation.override("nl"):
        for msgid, msgstr in entries:
            assert translation.gettext(msgid) == msgstr, msgid


@pytest.mark.django_db
def test_documents_are_served_without_a_bogus_encoding(client, medewerker):
    from django.core.files.base import ContentFile

    from kennisbank.models import CustomDocument

    document = CustomDocument.objects.create(
        title="Regeling", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="regeling.pdf")
    )
    client.force_login(medewerker)

    response = client.get(document.url)
    response.close()  # the streamed file

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Content-Encoding" not in response, response.get("Content-Encoding")


@pytest.mark.django_db
def test_logging_out_is_confirmed(client, medewerker, home_page):
    client.force_login(medewerker)

    response = client.post("/uitloggen/", follow=True)

    assert response.redirect_chain[-1][0].startswith("/inloggen/")
    assert "Je bent uitgelogd." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_database_error_anywhere_answers_a_dutch_503(rf):
    """A restart of the database fails the session or site lookup before any view can
    catch it; the reporter must learn that nothing was stored and that retrying helps."""
    from django.db import DatabaseError, connection, transaction

    from integriteitsplein.views import server_error

    request = rf.post("/melden/")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT * FROM tabel_die_niet_bestaat")
    except DatabaseError:
        response = server_error(request)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "niet opgeslagen" in response.content.decode()


def test_any_other_error_is_the_plain_500(rf):
    from integriteitsplein.views import server_error

    try:
        raise ValueError("kapot")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
