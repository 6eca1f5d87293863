"""Receives and checks attachments: in memory only, by their content, not by their name."""

import io
import zipfile

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.urls import reverse

from .constants import MAX_ATTACHMENT_SIZE, MAX_ATTACHMENTS

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
                # Read a few bytes only: a "zip bomb" would otherwise unpack in memory.
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(100).decode("ascii", "replace").strip()
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


class MeldkanaalUploadHandler(FileUploadHandler):
    """Keeps uploads outside the Wagtail admin in memory, so no attachment of a report is
    ever written to disk in plain text (Django puts uploads over 2.5 MB in a temporary file).

    Memory stays bounded: each file keeps at most MAX_ATTACHMENT_SIZE + 1 bytes (the rest is
    only counted, so check_upload can still say "te groot"), and only MAX_ATTACHMENTS + 1
    files keep any bytes (more files are refused by count anyway). The admin's own uploads
    (documents, images) pass on to Django's usual handlers.
    """

    def __init__(self, request=None):
        super().__init__(request)
        admin = reverse("wagtailadmin_home")
        self.activated = request is None or not request.path.startswith(admin)
        self.files_seen = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.activated:
            self.file = io.BytesIO()
            self.keep = self.files_seen <= MAX_ATTACHMENTS
            self.files_seen += 1
            raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        if not self.activated:
            return raw_data
        room = MAX_ATTACHMENT_SIZE + 1 - self.file.tell()
        if self.keep and room > 0:
            self.file.write(raw_data[:room])
        return None

    def file_complete(self, file_size):
        if not self.activated:
            return None
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,  # the real size, also when only the first bytes were kept
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
