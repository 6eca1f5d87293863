"""The one file-type decision of the site (integriteitsplein/uploads.py), with real files."""

import io
import tracemalloc

import pytest
from openpyxl import Workbook

from integriteitsplein.uploads import FileRefused, check_file, identify, safe_name
from tests.crafted_files import (
    DOCM_CONTENT_TYPES,
    PDF,
    PDF_HTML_POLYGLOT,
    PDF_WITH_JAVASCRIPT,
    RTL_NAME,
    docx,
    docx_bomb,
    docx_with_macros,
    docx_with_many_entries,
    jpeg_with_html,
    odt,
    odt_with_basic,
    png,
)

EVERYTHING = ("pdf", "png", "jpg", "gif", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt")


def xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        (PDF, "pdf"),
        (png(), "png"),
        (png("Gemaakt met de camera van mijn telefoon"), "png"),
        (docx(), "docx"),
        (xlsx(), "xlsx"),
        (odt(), "odt"),
    ],
)
def test_real_files_are_known_by_their_content(data, extension):
    assert check_file(io.BytesIO(data), EVERYTHING).extension == extension


def test_text_counts_as_text_only_where_the_name_says_so():
    data = "soort;aantal\r\ncoördinator;3\r\n".encode("cp1252")
    assert identify(io.BytesIO(data)) is None
    assert identify(io.BytesIO(data), text_as="csv").extension == "csv"


def test_a_docx_that_unpacks_to_a_gigabyte_is_refused_without_unpacking_it():
    bomb = docx_bomb()
    assert len(bomb) < 1.1 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused) as refused:
            check_file(io.BytesIO(bomb), EVERYTHING)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "zip_bomb"
    assert "uitgepakt veel groter" in str(refused.value)
    assert peak < 5 * 1024 * 1024  # the file itself is not even copied


def test_a_docx_of_thousands_of_parts_is_refused():
    with pytest.raises(FileRefused) as refused:
        check_file(io.BytesIO(docx_with_many_entries(2500)), EVERYTHING)
    assert refused.value.code == "zip_bomb"
    check_file(io.BytesIO(docx_with_many_entries(200)), EVERYTHING)  # a big real document


@pytest.mark.parametrize("data", [docx_with_macros(), odt_with_basic()], ids=["docm", "odt"])
def test_office_files_with_macros_are_refused(data):
    with pytest.raises(FileRefused, match="macro’s") as refused:
        check_file(io.BytesIO(data), EVERYTHING)
    assert refused.value.code == "macros"


def test_a_macro_enabled_type_alone_is_enough_to_refuse():
    data = docx(content_types=DOCM_CONTENT_TYPES)
    with pytest.raises(FileRefused, match="macro’s"):
        check_file(io.BytesIO(data), EVERYTHING)


@pytest.mark.parametrize(
    "data",
    [PDF_HTML_POLYGLOT, PDF_WITH_JAVASCRIPT, jpeg_with_html(), png("<svg onload=alert(1)>")],
    ids=["pdf+html", "pdf+javascript", "jpeg+html", "png+svg"],
)
def test_pdfs_and_images_that_hold_html_or_script_are_refused(data):
    with pytest.raises(FileRefused, match="webpagina of script") as refused:
        check_file(io.BytesIO(data), EVERYTHING)
    assert refused.value.code == "polyglot"


def test_html_across_the_border_of_two_chunks_is_found():
    data = PDF + b"0" * (1024 * 1024 - len(PDF) - 3) + b"<script>alert(1)</script>"
    with pytest.raises(FileRefused):
        check_file(io.BytesIO(data), EVERYTHING)


def test_a_kind_outside_the_allow_list_is_refused():
    with pytest.raises(FileRefused) as refused:
        check_file(io.BytesIO(docx()), ("pdf",))
    assert refused.value.code == "type"


def test_a_name_that_promises_another_kind_is_refused():
    with pytest.raises(FileRefused) as refused:
        check_file(io.BytesIO(xlsx()), EVERYTHING, expected="docx")
    assert refused.value.code == "mismatch"


@pytest.mark.parametrize(
    ("name", "extension", "safe"),
    [
        (RTL_NAME, "pdf", "factuurfdp.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\jan\\Bureaublad\\verslag mei.docx", "docx", "verslag mei.docx"),
        ("rapport.pdf.exe", "pdf", "rapport_pdf.pdf"),
        ("foto\x00\x1b[31m.png", "png", "foto_31m.png"),
        ("zero\u200bwidth.jpg", "jpg", "zerowidth.jpg"),
        ("Overzicht coördinatoren (2026).xlsx", "xlsx", "Overzicht coördinatoren (2026).xlsx"),
        ("\u202e.pdf", "pdf", "bestand.pdf"),
        ("a" * 300 + ".pdf", "pdf", "a" * 100 + ".pdf"),
    ],
)
def test_names_are_reduced_to_a_safe_base_and_the_real_extension(name, extension, safe):
    assert safe_name(name, extension) == safe
