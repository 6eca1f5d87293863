"""Checks an attachment by its content, not by its name or the browser's claim."""

import io
import zipfile

from .constants import MAX_ATTACHMENT_SIZE

# (magic prefix, content type, extension)
_SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
]

_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}

_ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}

ALLOWED_DESCRIPTION = (
    "pdf, afbeelding (png, jpg, gif) of kantoordocument (docx, xlsx, pptx, odt, ods)"
)


def sniff(data: bytes) -> tuple[str, str] | None:
    """Return (content type, extension) for an allowed file type, or None."""
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return None


def _sniff_zip(data: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in _ODF:
                    return mimetype, _ODF[mimetype]
                return None
            if "[Content_Types].xml" not in names:
                return None
            for prefix, result in _OOXML.items():
                if any(name.startswith(prefix) for name in names):
                    return result
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


class UploadError(ValueError):
    """A Dutch message for the reporter."""


def check_upload(uploaded) -> tuple[bytes, str, str]:
    """Read and check one uploaded file: (bytes, content type, extension) or UploadError."""
    if uploaded.size > MAX_ATTACHMENT_SIZE:
        raise UploadError(
            f"{uploaded.name} is te groot. Een bijlage mag hoogstens "
            f"{MAX_ATTACHMENT_SIZE // (1024 * 1024)} MB zijn."
        )
    data = uploaded.read()
    if not data:
        raise UploadError(f"{uploaded.name} is leeg.")
    found = sniff(data)
    if found is None:
        raise UploadError(
            f"{uploaded.name} is geen bestand dat we aannemen. Kies een {ALLOWED_DESCRIPTION}."
        )
    return data, found[0], found[1]
