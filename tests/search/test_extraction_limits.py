"""Reading uploads is bounded: pages, characters, time and memory; bad files give no error.

Every file here is real (written by pypdf or zipfile) and read by the real worker process.
"""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model

import pytest

from search import extraction
from search.extraction import MAX_PDF_PAGES, extract_text
from tests.search.factories import docx_bomb, pdf_bytes, pdf_pages


def _pdf(data: bytes) -> str:
    return extract_text(ContentFile(data, name="bestand.pdf"), "pdf")


def test_a_500_page_pdf_is_read_up_to_the_page_limit():
    text = _pdf(pdf_pages(500))

    assert f"pagina {MAX_PDF_PAGES}." in text
    assert f"pagina {MAX_PDF_PAGES + 1}." not in text
    assert "pagina 500." not in text


def test_an_encrypted_pdf_gives_no_text_and_no_error():
    assert _pdf(pdf_pages(2, password="geheim")) == ""


def test_a_pdf_encrypted_without_a_password_to_open_is_read():
    assert "Regeling nevenfuncties pagina 2." in _pdf(pdf_pages(2, password=""))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.4\n" + b"\x00\xff" * 500,  # header, then noise
        pdf_bytes("Regeling geschenken")[:200],  # cut off halfway
        b"PK\x03\x04 not a pdf at all",
    ],
)
def test_broken_pdfs_give_no_text_and_no_error(data):
    assert _pdf(data) == ""


def test_a_docx_zip_bomb_is_not_unpacked():
    assert extract_text(ContentFile(docx_bomb(), name="bom.docx"), "docx") == ""


def test_a_worker_that_hangs_is_stopped_at_the_timeout(tmp_path, monkeypatch):
    hanging = tmp_path / "hangs.py"
    hanging.write_text("import time\ntime.sleep(60)\n")
    monkeypatch.setattr(extraction, "WORKER", hanging)

    assert extract_text(ContentFile(pdf_bytes("tekst"), name="x.pdf"), "pdf", timeout=1) == ""


def test_the_worker_runs_under_a_memory_limit(monkeypatch):
    """The real worker sets its memory limit before it reads: with a limit far below what
    pypdf needs, reading a good PDF fails inside the worker, and the upload does not."""
    data = pdf_bytes("Regeling geschenken")
    assert "Regeling geschenken" in _pdf(data)

    monkeypatch.setattr(extraction, "MEMORY_BYTES", 16 * 1024 * 1024)

    assert _pdf(data) == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        ("jaarverslag.pdf", pdf_pages(3, "Jaarverslag meldpunt"), "Jaarverslag meldpunt pagina 3."),
        ("kapot.pdf", b"%PDF-1.7\nkapot", ""),
        ("geheim.pdf", pdf_pages(1, password="geheim"), ""),
        ("rapport.pdf", pdf_pages(400, "Rapport"), "Rapport pagina 200."),
    ],
)
def test_upload_in_the_admin_never_fails_because_of_the_text(client, redacteur, name, data, found):
    client.force_login(redacteur)

    response = client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, data), "collection": 1},
    )

    assert response.status_code == 302, response.content.decode()[:500]
    document = get_document_model().objects.get(title=name)
    if found:
        assert found in document.extracted_text
    else:
        assert document.extracted_text == ""


@pytest.mark.django_db
def test_control_characters_in_a_pdf_are_not_stored():
    """Fonts without a text map give NUL bytes; PostgreSQL refuses them in a text field."""
    from tests.search.factories import DocumentFactory

    document = DocumentFactory.pdf("Nul\x00byte en \x07bel\x1b tekst")
    document.refresh_from_db()

    assert document.extracted_text == "Nul byte en bel tekst"
