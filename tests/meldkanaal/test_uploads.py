"""Attachments: checked by content, kept in memory only, with bounded memory."""

import contextlib
import io
import tracemalloc
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopFutureHandlers, TemporaryFileUploadHandler
from django.test import RequestFactory

import pytest

from meldkanaal.constants import MAX_ATTACHMENT_SIZE, MAX_ATTACHMENTS
from meldkanaal.models import Bijlage, Melding
from meldkanaal.uploads import MeldkanaalUploadHandler, sniff
from tests.meldkanaal.factories import PDF
from tests.meldkanaal.test_reporting import _post

pytestmark = pytest.mark.django_db


def _zip_with_mimetype(payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", payload)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_odf_is_recognised_by_its_mimetype_entry():
    odt = _zip_with_mimetype(b"application/vnd.oasis.opendocument.text")
    assert sniff(odt) == ("application/vnd.oasis.opendocument.text", "odt")


def test_zip_bomb_is_refused_without_unpacking_it():
    # 200 MB of zeros packs into a few hundred kB; sniffing must not unpack it.
    bomb = _zip_with_mimetype(b"\0" * (200 * 1024 * 1024))
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        assert sniff(bomb) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 1024 * 1024


def test_large_attachment_never_goes_to_a_temporary_file(client, form_page, monkeypatch):
    """Django writes uploads over 2.5 MB to a plain temporary file; a report's must not."""

    def refuse(*args, **kwargs):
        raise AssertionError("an attachment was written to a temporary file")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", refuse)
    big = PDF + b"0" * (3 * 1024 * 1024)
    response = _post(client, bijlagen=[SimpleUploadedFile("groot.pdf", big, "application/pdf")])
    assert response.status_code == 303
    assert Bijlage.objects.get().lees() == big


def test_too_large_attachment_is_counted_not_kept(client, form_page):
    huge = PDF + b"0" * (MAX_ATTACHMENT_SIZE + 5)
    response = _post(client, bijlagen=[SimpleUploadedFile("groot.pdf", huge, "application/pdf")])
    assert response.status_code == 400
    assert "groot.pdf is te groot" in response.content.decode()
    assert Melding.objects.count() == 0


def _feed(handler, data: bytes, chunk=64 * 1024):
    with contextlib.suppress(StopFutureHandlers):
        handler.new_file("bijlagen", "a.pdf", "application/pdf", len(data))
    for start in range(0, len(data), chunk):
        assert handler.receive_data_chunk(data[start : start + chunk], start) is None
    return handler.file_complete(len(data))


def test_handler_keeps_at_most_one_byte_over_the_limit_per_file():
    request = RequestFactory().post("/melden/")
    handler = MeldkanaalUploadHandler(request)
    uploaded = _feed(handler, b"x" * (MAX_ATTACHMENT_SIZE + 3 * 1024 * 1024))
    assert uploaded.size == MAX_ATTACHMENT_SIZE + 3 * 1024 * 1024
    assert len(uploaded.read()) == MAX_ATTACHMENT_SIZE + 1


def test_handler_keeps_no_bytes_beyond_the_number_of_files_allowed():
    handler = MeldkanaalUploadHandler(RequestFactory().post("/melden/"))
    kept = [len(_feed(handler, PDF).read()) for _ in range(MAX_ATTACHMENTS + 5)]
    assert kept == [len(PDF)] * (MAX_ATTACHMENTS + 1) + [0] * 4


def test_admin_uploads_use_djangos_own_handlers():
    handler = MeldkanaalUploadHandler(RequestFactory().post("/admin/documents/multiple/add/"))
    handler.new_file("file", "a.pdf", "application/pdf", 10)  # does not stop the others
    assert handler.receive_data_chunk(b"data", 0) == b"data"
    assert handler.file_complete(4) is None
