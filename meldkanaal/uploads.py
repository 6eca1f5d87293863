"""Receives and checks attachments: streamed to an encrypted temporary file, checked by content.

What a file is, is decided for the whole site in integriteitsplein/uploads.py; this module
holds the meldkanaal's allow-list and the way an attachment travels from the request to the
encrypted store (Bijlage.schrijf) without ever being held whole in memory or written to disk
in plain text.
"""

import os
import re
import tempfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.urls import reverse

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from integriteitsplein.uploads import FileKind, FileRefused, check_file, safe_base, safe_name

from .constants import MAX_ATTACHMENT_SIZE, MAX_ATTACHMENTS

# The kinds a reporter may send: documents and pictures a team can open safely.
ALLOWED_EXTENSIONS = ("pdf", "png", "jpg", "gif", "docx", "xlsx", "pptx", "odt", "ods", "odp")
ALLOWED_DESCRIPTION = (
    "pdf, afbeelding (png, jpg, gif) of kantoordocument (docx, xlsx, pptx, odt, ods)"
)


def _mb(size: int) -> int:
    return size // (1024 * 1024)


class UploadError(ValueError):
    """A Dutch message for the reporter."""


class EncryptedSpool:
    """A temporary file whose bytes on disk are encrypted with a key only this object holds.

    AES-256 in counter mode: any offset can be read without the bytes before it, so zipfile
    and the checks can seek as in a plain file. The file is unlinked as soon as it is made
    and the key dies with the request, so what is left on disk after a crash is noise.
    (No MAC: nobody but this process reads the file, and only while the request runs.)
    """

    def __init__(self):
        self._key = os.urandom(32)
        self._counter = int.from_bytes(os.urandom(16), "big")
        self._file = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
        self._size = 0
        self._position = 0
        self._writer = self._cipher_at(0)

    def _cipher_at(self, offset: int):
        block, skip = divmod(offset, 16)
        nonce = ((self._counter + block) % (1 << 128)).to_bytes(16, "big")
        cipher = Cipher(algorithms.AES(self._key), modes.CTR(nonce)).encryptor()
        cipher.update(bytes(skip))
        return cipher

    def write(self, data: bytes) -> int:
        """Append (the spool is written once, front to back, by the upload handler)."""
        self._file.seek(self._size)
        self._file.write(self._writer.update(data))
        self._size += len(data)
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self._size - self._position
        size = min(size, self._size - self._position)
        if size <= 0:
            return b""
        self._file.seek(self._position)
        data = self._cipher_at(self._position).update(self._file.read(size))
        self._position += len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._position, 2: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self) -> int:
        return self._position

    @property
    def size(self) -> int:
        return self._size

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self._file.closed

    def close(self) -> None:
        self._file.close()
        self._key = b""


def shown_name(name: str) -> str:
    """The name as the reporter chose it, for messages: a safe base (no control or
    direction characters) and its extension when that is a plain one, so "virus.pdf" is
    recognised in the error, whatever the content turned out to be."""
    suffix = os.path.splitext(name or "")[1].lower()
    extension = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    return safe_base(name, default="bijlage") + extension


def check_upload(uploaded) -> tuple[UploadedFile, FileKind, str]:
    """Check one uploaded file: (the file, its kind, a safe name) or UploadError."""
    name = shown_name(uploaded.name)
    if uploaded.size > MAX_ATTACHMENT_SIZE:
        raise UploadError(
            f"{name} is te groot. Een bijlage mag hoogstens {_mb(MAX_ATTACHMENT_SIZE)} MB zijn."
        )
    if not uploaded.size:
        raise UploadError(f"{name} is leeg.")
    try:
        kind = check_file(uploaded, ALLOWED_EXTENSIONS)
    except FileRefused as refused:
        if refused.code == "type":
            raise UploadError(
                f"{name} is geen bestand dat we aannemen. Kies een {ALLOWED_DESCRIPTION}."
            ) from refused
        raise UploadError(f"{name}: {refused}") from refused
    uploaded.seek(0)
    return uploaded, kind, safe_name(uploaded.name, kind.extension, default="bijlage")


def check_total(sizes: list[int]) -> None:
    """All attachments of one report or message together stay within the setting."""
    limit = settings.MELDKANAAL_MAX_UPLOAD_TOTAL
    if sum(sizes) > limit:
        raise UploadError(
            f"Je bijlagen zijn samen te groot: {_mb(sum(sizes))} MB. Samen mogen ze hoogstens "
            f"{_mb(limit)} MB zijn. Stuur de rest later via je opvolgpagina."
        )


class MeldkanaalUploadHandler(FileUploadHandler):
    """Streams each attachment outside the Wagtail admin into an EncryptedSpool.

    Memory stays flat whatever is sent (Django's memory handler would hold 2.5 MB per file,
    its temporary file handler would write plain text to disk). Disk stays bounded: each
    file keeps at most MAX_ATTACHMENT_SIZE + 1 bytes (the rest is only counted, so
    check_upload can still say "te groot"), only MAX_ATTACHMENTS + 1 files keep any bytes,
    and no bytes are kept beyond the total a report may have (plus one). The admin's own
    uploads (documents, images) pass on to Django's usual handlers.
    """

    def __init__(self, request=None):
        super().__init__(request)
        admin = reverse("wagtailadmin_home")
        self.activated = request is None or not request.path.startswith(admin)
        self.files_seen = 0
        self.kept_total = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.activated:
            self.file = EncryptedSpool()
            self.keep = self.files_seen <= MAX_ATTACHMENTS
            self.files_seen += 1
            raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data, start):
        if not self.activated:
            return raw_data
        room = min(
            MAX_ATTACHMENT_SIZE + 1 - self.file.size,
            settings.MELDKANAAL_MAX_UPLOAD_TOTAL + 1 - self.kept_total,
        )
        if self.keep and room > 0:
            kept = self.file.write(raw_data[:room])
            self.kept_total += kept
        return None

    def file_complete(self, file_size):
        if not self.activated:
            return None
        self.file.seek(0)
        return UploadedFile(
            file=self.file,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,  # the real size, also when only the first bytes were kept
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
