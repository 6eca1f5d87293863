"""Text of uploaded PDFs and .docx files is extracted at upload and can be found."""

from django.core.files.base import ContentFile

import pytest

from search.extraction import extract_text
from tests.kennisbank.factories import ContentPageFactory
from tests.search.factories import DocumentFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def test_pdf_text_is_extracted_at_upload():
    document = DocumentFactory.pdf("Regeling nevenfuncties voor medewerkers")
    document.refresh_from_db()
    assert "Regeling nevenfuncties voor medewerkers" in document.extracted_text


def test_docx_text_is_extracted_at_upload():
    document = DocumentFactory.docx("Protocol ongewenst gedrag", "Bel de vertrouwenspersoon.")
    assert "Protocol ongewenst gedrag" in document.extracted_text
    assert "vertrouwenspersoon" in document.extracted_text


def test_unreadable_file_gives_empty_text_not_an_error():
    document = DocumentFactory(file=ContentFile(b"%PDF-kapot", name="kapot.pdf"))
    assert document.extracted_text == ""
    assert extract_text(ContentFile(b"geen zip", name="x.docx"), "docx") == ""


def test_replacing_the_file_extracts_again():
    document = DocumentFactory.pdf("Eerste tekst over geschenken")
    document.file = ContentFile(pdf_bytes("Tweede tekst over nevenfuncties"), name="nieuw.pdf")
    document.save()
    assert "nevenfuncties" in document.extracted_text
    assert "geschenken" not in document.extracted_text


def test_pdf_text_found_with_link_to_the_pages_using_it(employee_client, home_page):
    document = DocumentFactory.pdf("Het berijdersprotocol voor dienstautos", title="Bijlage 3")
    page = ContentPageFactory(
        parent=home_page,
        title="Auto van de zaak",
        intro="Regels voor de auto.",
        body=[("paragraph", f'<p>Lees <a linktype="document" id="{document.pk}">dit</a>.</p>')],
    )
    page.save_revision().publish()  # updates Wagtail's reference index

    response = employee_client.get("/zoeken/", {"q": "berijdersprotocollen"})

    hits = response.context["page_obj"].object_list
    document_hits = [h for h in hits if h.kind == "document"]
    assert [h.title for h in document_hits] == ["Bijlage 3"]
    assert document_hits[0].type_label == "Document"
    assert document_hits[0].url == document.url
    assert [title for title, _url in document_hits[0].used_on] == ["Auto van de zaak"]
    assert b"<mark>berijdersprotocol</mark>" in response.content


def test_a_docx_written_by_a_word_processor_is_found(employee_client, redacteur, client):
    """tests/search/files/protocol-ongewenst-gedrag.docx was written by python-docx from
    Word's own template: styles, split runs, a table and a page break."""
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    data = (Path(__file__).parent / "files" / "protocol-ongewenst-gedrag.docx").read_bytes()
    client.force_login(redacteur)
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Protocol ongewenst gedrag",
            "file": SimpleUploadedFile("protocol.docx", data),
            "collection": 1,
        },
    )
    assert response.status_code == 302

    found = employee_client.get("/zoeken/", {"q": "ontvangstbevestiging"})
    hits = found.context["page_obj"].object_list
    assert [h.title for h in hits] == ["Protocol ongewenst gedrag"]
    assert "<mark>ontvangstbevestiging</mark>" in str(hits[0].snippet)
    # Paragraphs and table cells read as sentences.
    assert "Melding. Binnen 7 dagen een <mark>ontvangstbevestiging</mark>. Terugkoppeling." in str(
        hits[0].snippet
    )
