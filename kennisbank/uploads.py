"""Checks on uploaded images and documents: is the file what its name says?

Wagtail reads only the header of an image at upload, so a cut-off JPEG or a few bytes that
look like a GIF were stored and gave a 500 the first time a thumbnail was made. Documents
were checked by extension only, so an executable named .pdf was served as a PDF. These
functions read the whole file (images) or its structure (documents) and raise a Dutch
ValidationError; the upload forms in kennisbank/forms.py call them in every upload path
(single, multiple, the chooser inside a page).
"""

import codecs
import os
import zipfile

from django.core.exceptions import ValidationError

from PIL import Image as PILImage
from PIL import ImageSequence

INVALID_IMAGE_MESSAGE = (
    "Dit bestand is geen geldige afbeelding: het is beschadigd, onvolledig of geen "
    "afbeelding. Sla de afbeelding opnieuw op (als JPG, PNG, GIF of WEBP) en probeer het nog eens."
)

# What the start of a document must look like, per extension, said in words for the editor.
DOCUMENT_KINDS = {
    "pdf": "PDF-bestand",
    "docx": "Word-bestand",
    "xlsx": "Excel-bestand",
    "pptx": "PowerPoint-bestand",
    "odt": "OpenDocument-tekstbestand",
    "ods": "OpenDocument-rekenblad",
    "txt": "tekstbestand",
    "csv": "CSV-bestand",
}
# Office Open XML: the part every file of that kind has.
_OOXML_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# OpenDocument: the first entry "mimetype" holds the type.
_ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_TEXT_SAMPLE = 1024 * 1024
# Control characters that plain text may hold: tab, line feed, form feed, carriage return,
# and the end-of-file marker old DOS editors write.
_TEXT_CONTROLS_ALLOWED = {"\t", "\n", "\x0c", "\r", "\x1a"}


def _rewind(file):
    if hasattr(file, "seek"):
        file.seek(0)


def check_image_decodes(file) -> None:
    """Decode every frame of an image; raise a Dutch ValidationError when that fails.

    A truncated file, random bytes with an image's first bytes, or a header without data
    pass Wagtail's check (it reads the header only) but fail here, at upload, instead of
    on the first page that shows the image.
    """
    _rewind(file)
    try:
        with PILImage.open(file) as image:
            for frame in ImageSequence.Iterator(image):
                frame.load()
    except Exception as error:  # Pillow raises OSError, SyntaxError, ValueError...
        raise ValidationError(INVALID_IMAGE_MESSAGE, code="invalid_image") from error
    finally:
        _rewind(file)


def _document_message(extension: str) -> str:
    kind = DOCUMENT_KINDS.get(extension, f".{extension}-bestand")
    return (
        f"De inhoud van dit bestand past niet bij de naam: het is geen echt {kind} "
        f"(.{extension}). Kies het goede bestand, of sla het opnieuw op als {kind}."
    )


def _looks_like_pdf(file) -> bool:
    # The PDF header may follow a little junk (readers allow 1 KB of it).
    return b"%PDF-" in file.read(1024)


def _zip_names(file) -> list[str] | None:
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _is_ooxml(names: list[str] | None, extension: str) -> bool:
    return bool(names) and "[Content_Types].xml" in names and _OOXML_MAIN_PART[extension] in names


def _looks_like_odf(file, extension: str) -> bool:
    _rewind(file)
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "mimetype" not in names or "content.xml" not in names:
                return False
            # A few bytes only: a forged "mimetype" entry could unpack to gigabytes.
            with archive.open("mimetype") as entry:
                return entry.read(100).strip() == _ODF_MIMETYPE[extension]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
        return False


def _decode_text(sample: bytes) -> str | None:
    """The sample as text (UTF-8, UTF-16 with a byte-order mark, or Windows-1252), or None."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return codecs.getincrementaldecoder("utf-16")().decode(sample, final=False)
        except UnicodeDecodeError:
            return None
    if b"\x00" in sample:
        return None
    try:
        # Not final: a sample cut inside a multi-byte character is still UTF-8.
        return codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
    except UnicodeDecodeError:
        pass
    try:
        return sample.decode("cp1252")  # Excel's CSV on Dutch Windows
    except UnicodeDecodeError:
        return None


def _looks_like_text(file) -> bool:
    text = _decode_text(file.read(_TEXT_SAMPLE))
    if text is None:
        return False
    return not any(ch < " " and ch not in _TEXT_CONTROLS_ALLOWED for ch in text)


def check_document_content(file, name: str | None = None) -> None:
    """Raise a Dutch ValidationError when the content does not match the extension.

    pdf: the PDF header; docx/xlsx/pptx: a zip with the parts of that Office format;
    odt/ods: a zip with the OpenDocument type; txt/csv: text, no binary bytes. A Word,
    Excel or PowerPoint file with macros is refused too: employees open these files.
    """
    extension = os.path.splitext(name or file.name)[1].lower().lstrip(".")
    _rewind(file)
    try:
        if extension == "pdf":
            valid = _looks_like_pdf(file)
        elif extension in _OOXML_MAIN_PART:
            names = _zip_names(file)
            valid = _is_ooxml(names, extension)
            if valid and any(n.lower().endswith("vbaproject.bin") for n in names):
                raise ValidationError(
                    "Dit bestand bevat macro’s. Die kunnen schadelijk zijn voor wie het opent. "
                    f"Sla het op zonder macro’s (als gewoon .{extension}-bestand) en probeer het "
                    "nog eens.",
                    code="document_macros",
                )
        elif extension in _ODF_MIMETYPE:
            valid = _looks_like_odf(file, extension)
        elif extension in ("txt", "csv"):
            valid = _looks_like_text(file)
        else:
            valid = True  # the extension check itself belongs to Wagtail's own field
    finally:
        _rewind(file)
    if not valid:
        raise ValidationError(_document_message(extension), code="document_content")
