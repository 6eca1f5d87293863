"""Attachments: checked by content (integriteitsplein/uploads.py), streamed to an encrypted
temporary file, stored encrypted in parts, with the number of fields and the total bounded."""

import contextlib
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopFutureHandlers, TemporaryFileUploadHandler
from django.test import RequestFactory

import pytest

from meldkanaal.constants import ATTACHMENT_PART_SIZE, MAX_ATTACHMENT_SIZE, MAX_ATTACHMENTS
from meldkanaal.models import Bijlage, Melding
from meldkanaal.uploads import EncryptedSpool, MeldkanaalUploadHandler
from tests.crafted_files import (
    PDF_HTML_POLYGLOT,
    RTL_NAME,
    docx_bomb,
    docx_with_macros,
    jpeg_with_html,
)
from tests.meldkanaal.factories import CANARY, PDF
from tests.meldkanaal.test_reporting import _post, _token

pytestmark = pytest.mark.django_db


def _errors(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("verslag.docx", docx_bomb, "uitgepakt veel groter dan het lijkt"),
        ("verslag.docx", docx_with_macros, "bevat macro’s"),
        ("bewijs.pdf", lambda: PDF_HTML_POLYGLOT, "code voor een webpagina of script"),
        ("foto.jpg", jpeg_with_html, "code voor een webpagina of script"),
    ],
    ids=["zip-bomb", "macros", "pdf+html", "jpeg+html"],
)
def test_harmful_attachments_are_refused_in_dutch_and_nothing_is_stored(
    client, form_page, name, make, message
):
    response = _post(client, bijlagen=[SimpleUploadedFile(name, make(), "application/pdf")])

    assert response.status_code == 400
    assert message in _errors(response)
    assert Melding.objects.count() == 0
    assert Bijlage.objects.count() == 0


def test_an_attachment_is_stored_under_a_safe_name_with_its_real_extension(client, form_page):
    response = _post(client, bijlagen=[SimpleUploadedFile(RTL_NAME, PDF, "application/x-msdos")])

    assert response.status_code == 303
    bijlage = Bijlage.objects.get()
    assert bijlage.bestandsnaam == "factuurfdp.pdf"
    assert bijlage.content_type == "application/pdf"


def test_a_refused_name_is_shown_without_its_direction_characters(client, form_page):
    response = _post(client, bijlagen=[SimpleUploadedFile(RTL_NAME, b"MZ\x90\x00", "text/plain")])

    assert response.status_code == 400
    html = response.content.decode()
    assert "\u202e" not in html
    # The real extension, hidden by the override, is what the reporter now sees.
    assert "factuurfdp.exe is geen bestand dat we aannemen" in _errors(response)


def test_more_fields_than_the_form_has_are_refused_in_dutch(client, form_page):
    extra = {f"veld{i}": "x" for i in range(1001)}
    response = _post(client, **extra)

    assert response.status_code == 400
    assert "meer velden binnen dan het heeft" in _errors(response)
    assert Melding.objects.count() == 0


def test_beyond_djangos_own_limit_the_answer_is_a_dutch_400_not_a_500(client, form_page, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    data = {"formulier_token": _token(client), **{f"veld{i}": "x" for i in range(60)}}
    response = client.post("/melden/", data)

    assert response.status_code == 400
    assert "Dit verzoek begrijpen we niet" in response.content.decode()


def test_all_attachments_together_stay_within_the_setting(client, form_page, settings):
    settings.MELDKANAAL_MAX_UPLOAD_TOTAL = 1024 * 1024
    files = [
        SimpleUploadedFile(f"deel{i}.pdf", PDF + b"0" * 600_000, "application/pdf")
        for i in range(2)
    ]
    response = _post(client, bijlagen=files)

    assert response.status_code == 400
    assert "Je bijlagen zijn samen te groot" in _errors(response)
    assert "hoogstens 1 MB" in _errors(response)
    assert Melding.objects.count() == 0


def test_large_attachment_never_goes_to_a_plain_temporary_file(client, form_page, monkeypatch):
    """Django writes uploads over 2.5 MB to a plain temporary file; a report's must not."""

    def refuse(*args, **kwargs):
        raise AssertionError("an attachment was written to a plain temporary file")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", refuse)
    big = PDF + b"0" * (3 * 1024 * 1024)
    response = _post(client, bijlagen=[SimpleUploadedFile("groot.pdf", big, "application/pdf")])
    assert response.status_code == 303
    bijlage = Bijlage.objects.get()
    assert bijlage.lees() == big
    assert bijlage.grootte == len(big)
    # Stored in parts of 1 MB, one token per line: no step holds the whole file.
    assert bijlage.pad.read_bytes().count(b"\n") == -(-len(big) // ATTACHMENT_PART_SIZE)


def test_the_temporary_spool_holds_no_plain_text_and_reads_like_a_file():
    spool = EncryptedSpool()
    content = (CANARY.encode() + b"-0123456789") * 100_000
    for start in range(0, len(content), 65_536):
        spool.write(content[start : start + 65_536])
    spool._file.seek(0)
    on_disk = spool._file.read()
    assert len(on_disk) == len(content)
    assert CANARY.encode() not in on_disk
    assert spool.read() == content
    for offset in (0, 1, 15, 16, 17, 65_535, 1_000_003, len(content) - 5):
        spool.seek(offset)
        assert spool.read(40) == content[offset : offset + 40]
    spool.seek(-7, 2)
    assert spool.read() == content[-7:]
    spool.close()
    assert spool.closed


def test_an_attachment_written_before_parts_existed_still_reads_and_rotates(settings):
    from cryptography.fernet import Fernet

    from meldkanaal.crypto import encrypt_bytes
    from tests.meldkanaal.factories import make_report

    melding, _ = make_report()
    bijlage = Bijlage.objects.create(
        melding=melding,
        opslagnaam=Bijlage.nieuwe_opslagnaam(),
        bestandsnaam="oud.pdf",
        content_type="application/pdf",
        grootte=len(PDF),
        datum=melding.ontvangen_op,
    )
    bijlage.pad.parent.mkdir(parents=True, exist_ok=True)
    bijlage.pad.write_bytes(encrypt_bytes(PDF))  # the old format: one token, no line break
    assert bijlage.lees() == PDF

    settings.MELDKANAAL_KEYS = [Fernet.generate_key().decode(), *settings.MELDKANAAL_KEYS]
    bijlage.herversleutel()
    settings.MELDKANAAL_KEYS = settings.MELDKANAAL_KEYS[:1]
    assert bijlage.lees() == PDF


def _feed(handler, data: bytes, chunk=64 * 1024):
    with contextlib.suppress(StopFutureHandlers):
        handler.new_file("bijlagen", "a.pdf", "application/pdf", len(data))
    for start in range(0, len(data), chunk):
        assert handler.receive_data_chunk(data[start : start + chunk], start) is None
    return handler.file_complete(len(data))


def test_handler_keeps_at_most_one_byte_over_the_limit_per_file():
    handler = MeldkanaalUploadHandler(RequestFactory().post("/melden/"))
    uploaded = _feed(handler, b"x" * (MAX_ATTACHMENT_SIZE + 3 * 1024 * 1024))
    assert uploaded.size == MAX_ATTACHMENT_SIZE + 3 * 1024 * 1024
    assert len(uploaded.read()) == MAX_ATTACHMENT_SIZE + 1


def test_handler_keeps_no_bytes_beyond_the_number_of_files_allowed():
    handler = MeldkanaalUploadHandler(RequestFactory().post("/melden/"))
    kept = [len(_feed(handler, PDF).read()) for _ in range(MAX_ATTACHMENTS + 5)]
    assert kept == [len(PDF)] * (MAX_ATTACHMENTS + 1) + [0] * 4


def test_handler_keeps_no_bytes_beyond_the_total_of_a_report(settings):
    settings.MELDKANAAL_MAX_UPLOAD_TOTAL = 100_000
    handler = MeldkanaalUploadHandler(RequestFactory().post("/melden/"))
    kept = [len(_feed(handler, b"x" * 60_000).read()) for _ in range(3)]
    assert kept == [60_000, 40_001, 0]


def test_admin_uploads_use_djangos_own_handlers():
    handler = MeldkanaalUploadHandler(RequestFactory().post("/admin/documents/multiple/add/"))
    handler.new_file("file", "a.pdf", "application/pdf", 10)  # does not stop the others
    assert handler.receive_data_chunk(b"data", 0) == b"data"
    assert handler.file_complete(4) is None
