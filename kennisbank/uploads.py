"""Checks on uploaded images and documents: is the file what its name says?

Wagtail reads only the header of an image at upload, so a cut-off JPEG or a few bytes that
look like a GIF were stored and gave a 500 the first time a thumbnail was made. Documents
were checked by extension only, so an executable named .pdf was served as a PDF. These
functions read the whole file (images) or its structure (documents) and raise a Dutch
ValidationError; the upload forms in kennisbank/forms.py call them in every upload path
(single, multiple, the chooser inside a page).
"""

import os

from django.core.exceptions import ValidationError

from PIL import Image as PILImage
from PIL import ImageSequence

from integriteitsplein.uploads import (
    IMAGE_EXTENSIONS,
    KINDS,
    FileRefused,
    check_file,
    identify,
    refuse_polyglot,
    safe_name,
)

INVALID_IMAGE_MESSAGE = (
    "Dit bestand is geen geldige afbeelding: het is beschadigd, onvolledig of geen "
    "afbeelding. Sla de afbeelding opnieuw op (als JPG, PNG, GIF of WEBP) en probeer het nog eens."
)

# The documents editors may publish (WAGTAILDOCS_EXTENSIONS says the same to Wagtail).
DOCUMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv")


def _rewind(file):
    if hasattr(file, "seek"):
        file.seek(0)


def check_image_decodes(file) -> None:
    """Decode every frame of an image; raise a Dutch ValidationError when that fails
    or when the image also holds HTML or script.

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
    # A whole image may still carry a web page in its comments or metadata (a polyglot).
    kind = identify(file)
    if kind is not None and kind.extension in IMAGE_EXTENSIONS:
        try:
            refuse_polyglot(file, kind)
        except FileRefused as refused:
            raise ValidationError(str(refused), code="image_polyglot") from refused


def _document_message(extension: str) -> str:
    kind = KINDS[extension].label if extension in KINDS else f".{extension}-bestand"
    return (
        f"De inhoud van dit bestand past niet bij de naam: het is geen echt {kind} "
        f"(.{extension}). Kies het goede bestand, of sla het opnieuw op als {kind}."
    )


def check_document_content(file, name: str | None = None) -> str:
    """Raise a Dutch ValidationError when the content does not match the extension.

    The shared check (integriteitsplein/uploads.py) decides what the file is; the name's
    extension must say the same. Macros, zip bombs and PDFs that also hold HTML or script
    are refused too: employees open these files. Returns a safe name for the stored file.
    """
    original = name or file.name
    extension = os.path.splitext(original)[1].lower().lstrip(".")
    if extension not in DOCUMENT_EXTENSIONS:
        return original  # the extension check itself belongs to Wagtail's own field
    try:
        check_file(file, DOCUMENT_EXTENSIONS, expected=extension)
    except FileRefused as refused:
        if refused.code in ("type", "mismatch"):
            message = _document_message(extension)
        else:
            message = str(refused)
        raise ValidationError(message, code=f"document_{refused.code}") from refused
    finally:
        _rewind(file)
    return safe_name(original, extension, default="document")
