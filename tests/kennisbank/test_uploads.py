"""Uploads are checked by content: a damaged image or a document that is not what its name
says gets a Dutch form error (never a 500), in every upload path of the admin."""

import gc
import io
import json
import os
import zipfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image

from kennisbank.uploads import check_document_content
from tests.kennisbank.factories import ContactOverviewPageFactory, ContactPersonFactory
from tests.search.factories import docx_bytes, pdf_bytes

IMAGE_REFUSED = "Dit bestand is geen geldige afbeelding"
DOCUMENT_REFUSED = "De inhoud van dit bestand past niet bij de naam"


def jpeg_bytes(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), tuple(os.urandom(3))).save(out, "PNG")  # each one new
    return out.getvalue()


# What the acceptance testers uploaded: a real JPEG cut off after 15 KB, random bytes named
# .jpg (with and without a JPEG's first bytes), a GIF of 8 bytes.
BAD_IMAGES = {
    "afgebroken.jpg": lambda: jpeg_bytes()[: 15 * 1024],
    "nep.jpg": lambda: os.urandom(4096),
    "nep-met-jpeg-begin.jpg": lambda: b"\xff\xd8\xff\xe0" + os.urandom(4096),
    "klein.gif": lambda: b"GIF89a\x01\x00",
}


# Wagtail leaves the temporary file of a rendition it makes (the chooser's thumbnail) or
# fails to make (a damaged image) to the garbage collector. Tests that do so collect it
# themselves (gc.collect()), so the warning cannot land on the next test.
leaves_temporary_file = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <function SpooledTemporaryFile.__del__"
    ":pytest.PytestUnraisableExceptionWarning"
)


@pytest.fixture
def editor_client(client, redacteur):
    client.force_login(redacteur)
    return client


# --- Images ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_IMAGES)
def test_damaged_image_is_refused_on_the_upload_page(editor_client, name):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, BAD_IMAGES[name]()), "collection": 1},
    )

    assert response.status_code == 200
    assert IMAGE_REFUSED in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_IMAGES)
def test_damaged_image_is_refused_by_the_multiple_uploader(editor_client, name):
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, BAD_IMAGES[name]())},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    assert IMAGE_REFUSED in data["error_message"]
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_IMAGES)
def test_damaged_image_is_refused_by_the_chooser_inside_a_page(editor_client, name):
    """The chooser's upload tab shows the error again instead of hanging on "Bezig met
    uploaden…" after a 500."""
    response = editor_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": name,
            "image-chooser-upload-file": SimpleUploadedFile(name, BAD_IMAGES[name]()),
            "image-chooser-upload-alt_text": "Een foto",
            "image-chooser-upload-collection": 1,
        },
    )

    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert IMAGE_REFUSED in data["htmlFragment"]
    assert not get_image_model().objects.exists()


@leaves_temporary_file
@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data"), [("foto.jpg", jpeg_bytes), ("grafiek.png", png_bytes)])
def test_whole_images_are_accepted_everywhere(editor_client, name, data):
    single = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "Enkel", "file": SimpleUploadedFile(name, data()), "collection": 1},
    )
    multiple = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, data())},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    chooser = editor_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Kiezer",
            "image-chooser-upload-file": SimpleUploadedFile(name, data()),
            "image-chooser-upload-alt_text": "Een foto",
            "image-chooser-upload-collection": 1,
        },
    )

    gc.collect()

    assert single.status_code == 302
    assert multiple.json()["success"] is True
    assert chooser.json()["step"] == "chosen"
    assert get_image_model().objects.count() == 3


@pytest.mark.django_db
def test_an_image_with_another_format_than_its_name_is_refused_in_dutch(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "x", "file": SimpleUploadedFile("grafiek.jpg", png_bytes()), "collection": 1},
    )

    assert "De inhoud van dit bestand past niet bij de naam: het is geen .jpeg maar een png" in (
        response.content.decode()
    )


def _stored_bad_image(alt_text="Portret"):
    """An image stored before uploads were checked, or damaged on disk later: a whole JPEG
    uploaded, then its file cut off where it is stored."""
    image = get_image_model().objects.create(
        title="Kapot", alt_text=alt_text, file=ContentFile(jpeg_bytes(), name="kapot.jpg")
    )
    with image.file.storage.open(image.file.name, "wb") as stored:
        stored.write(jpeg_bytes()[: 15 * 1024])
    return image


@leaves_temporary_file
@pytest.mark.django_db
def test_a_stored_damaged_photo_never_breaks_the_contact_page(employee_client, home_page):
    ContactOverviewPageFactory(parent=home_page, slug="praten")
    ContactPersonFactory(name="Anna de Vries", photo=_stored_bad_image())

    response = employee_client.get("/praten/")
    status, html = response.status_code, response.content.decode()
    del response
    gc.collect()

    assert status == 200
    assert "Anna de Vries" in html
    assert "not-found" not in html  # no broken image either: the card goes without a photo


@leaves_temporary_file
@pytest.mark.django_db
def test_a_stored_damaged_image_never_breaks_a_page_with_an_image_block(employee_client, home_page):
    from tests.kennisbank.factories import ContentPageFactory

    image = _stored_bad_image()
    ContentPageFactory(
        parent=home_page,
        slug="uitleg",
        title="Uitleg",
        body=json.dumps(
            [
                {"type": "paragraph", "value": "<p>Tekst blijft staan.</p>"},
                {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}},
            ]
        ),
    )

    response = employee_client.get("/uitleg/")
    status, html = response.status_code, response.content.decode()
    del response
    gc.collect()

    assert status == 200
    assert "Tekst blijft staan." in html
    assert "<img" not in html.split("<main", 1)[1]


# --- Documents ---------------------------------------------------------------------------


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Meldingen"
    workbook.save(out)
    return out.getvalue()


def odf_bytes(kind: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
    return out.getvalue()


def zip_with(*names) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


GOOD_DOCUMENTS = {
    "regeling.pdf": lambda: pdf_bytes("Regeling geschenken"),
    "protocol.docx": lambda: docx_bytes("Eerste alinea."),
    "cijfers.xlsx": xlsx_bytes,
    "tekst.odt": lambda: odf_bytes("text"),
    "cijfers.ods": lambda: odf_bytes("spreadsheet"),
    "dia.pptx": lambda: zip_with("[Content_Types].xml", "ppt/presentation.xml"),
    "lees-mij.txt": lambda: "Geschenken meld je altijd. Één keer.\n".encode(),
    "excel.csv": lambda: "soort;aantal\r\ncoördinator;3\r\n".encode("cp1252"),
    "notepad.txt": lambda: "Unicode uit Kladblok".encode("utf-16"),
}
BAD_DOCUMENTS = {
    "fake.pdf": lambda: b"MZ\x90\x00\x03\x00\x00\x00" + os.urandom(2048),  # an executable
    "leeg.pdf": lambda: b"",
    "nep.docx": lambda: b"PK\x03\x04 geen echte zip",
    "ander-zip.docx": lambda: zip_with("[Content_Types].xml", "xl/workbook.xml"),  # an xlsx
    "tekst.xlsx": lambda: b"soort;aantal\n",
    "nep.odt": lambda: odf_bytes("spreadsheet"),  # an .ods named .odt
    "dia.pptx": lambda: zip_with("slides.xml"),
    "programma.txt": lambda: b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
    "binair.csv": lambda: bytes(range(256)),
}


@pytest.mark.parametrize("name", GOOD_DOCUMENTS)
def test_documents_whose_content_matches_their_name_pass(name):
    check_document_content(ContentFile(GOOD_DOCUMENTS[name](), name=name))


@pytest.mark.parametrize("name", BAD_DOCUMENTS)
def test_documents_whose_content_does_not_match_are_refused(name):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        check_document_content(ContentFile(BAD_DOCUMENTS[name](), name=name))

    assert DOCUMENT_REFUSED in refused.value.messages[0]


def test_office_files_with_macros_are_refused():
    from django.core.exceptions import ValidationError

    data = zip_with("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin")

    with pytest.raises(ValidationError, match="macro’s"):
        check_document_content(ContentFile(data, name="met-macro.docx"))


@pytest.mark.django_db
def test_an_executable_named_pdf_is_refused_on_the_upload_page(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Nep",
            "file": SimpleUploadedFile("fake.pdf", BAD_DOCUMENTS["fake.pdf"]()),
            "collection": 1,
        },
    )

    assert response.status_code == 200
    assert "het is geen echt PDF-bestand (.pdf)" in response.content.decode()
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_an_executable_named_pdf_is_refused_by_the_multiple_uploader(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("fake.pdf", BAD_DOCUMENTS["fake.pdf"]())},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.json()["success"] is False
    assert DOCUMENT_REFUSED in response.json()["error_message"]
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_an_executable_named_pdf_is_refused_by_the_chooser(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Nep",
            "document-chooser-upload-file": SimpleUploadedFile(
                "fake.pdf", BAD_DOCUMENTS["fake.pdf"]()
            ),
            "document-chooser-upload-collection": 1,
        },
    )

    assert response.json()["step"] == "reshow_creation_form"
    assert DOCUMENT_REFUSED in response.json()["htmlFragment"]
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_a_real_pdf_uploads_and_editing_its_title_does_not_recheck_the_file(editor_client):
    created = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Regeling",
            "file": SimpleUploadedFile("regeling.pdf", pdf_bytes("Regeling")),
            "collection": 1,
        },
    )
    document = get_document_model().objects.get()
    edited = editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Regeling geschenken", "collection": 1},
    )

    assert created.status_code == 302
    assert edited.status_code == 302
    document.refresh_from_db()
    assert document.title == "Regeling geschenken"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"), [("fake.pdf", BAD_DOCUMENTS["fake.pdf"]), ("leeg.pdf", lambda: b"")]
)
def test_a_refused_document_gets_one_reason_not_a_second_about_an_empty_extension(
    editor_client, name, data
):
    """Wagtail's extension check ran on the model after the file was refused, on no file at
    all, and added "Bestandsextensie ‘’ is niet toegestaan" to the real reason."""
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Nep", "file": SimpleUploadedFile(name, data()), "collection": 1},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "is niet toegestaan" not in html
    assert "het is geen echt PDF-bestand" in html or "Het verstuurde bestand is leeg" in html


@pytest.mark.django_db
def test_a_document_with_a_forbidden_extension_is_still_refused(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Prog", "file": SimpleUploadedFile("prog.exe", b"MZ\x90\x00"), "collection": 1},
    )

    assert "Bestandsextensie ‘exe’ is niet toegestaan" in response.content.decode()
    assert not get_document_model().objects.exists()
