"""Text of uploaded documents, so their words can be found (PDF with pypdf, .docx by its XML).

`fill_extracted_text` runs on pre_save of the document model (connected in search/apps.py):
when the file is new or changed, `extracted_text` is filled before the row is saved, so the
search index (updated on post_save) holds the text. A file that cannot be read keeps an empty
text: uploading never fails because of search.

Reading happens in a child process (search/extract_worker.py) with a wall-clock timeout, a
memory and a CPU limit, and at most MAX_PDF_PAGES pages: a 500-page report, an encrypted or
a broken PDF cannot hang or crash the editor's upload. It costs about 0.1 s per upload.
"""

import contextlib
import logging
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

WORKER = Path(__file__).with_name("extract_worker.py")
# Enough for any policy document; stops a huge upload from filling the index.
MAX_CHARS = 200_000
MAX_PDF_PAGES = 200
# Files above this size are stored but not read (no policy text is that large).
MAX_FILE_BYTES = 50 * 1024 * 1024
TIMEOUT_SECONDS = 15
MEMORY_BYTES = 768 * 1024 * 1024
EXTENSIONS = {"pdf", "docx"}


def extract_text(file, extension: str, timeout: float = TIMEOUT_SECONDS) -> str:
    """The text of a file, or "" when the type is unknown or the file cannot be read in time."""
    kind = extension.lower().lstrip(".")
    if kind not in EXTENSIONS:
        return ""
    data = _read(file)
    if data is None:
        return ""
    command = [
        sys.executable,
        "-I",  # isolated: no environment variables, no user site, not the project's path
        str(WORKER),
        kind,
        str(MAX_PDF_PAGES),
        str(MAX_CHARS),
        str(MEMORY_BYTES),
        str(int(timeout) + 1),
    ]
    try:
        result = subprocess.run(  # noqa: S603 - our own worker, arguments we built
            command, input=data, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        logger.warning(
            "Reading an uploaded %s file took over %s s; it stays unsearchable", kind, timeout
        )
        return ""
    except OSError:
        logger.exception("Could not start the text extraction worker")
        return ""
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip()[-200:] or result.returncode
        logger.warning("Could not extract text from an uploaded %s file (%s)", kind, reason)
        return ""
    return result.stdout.decode("utf-8", "replace")


def _read(file) -> bytes | None:
    """The file's bytes, leaving it as it was found (an upload still in memory stays open
    for saving; a stored file that was closed is closed again, or its handle leaks)."""
    was_closed = file.closed
    try:
        file.open("rb")
        file.seek(0)
        if getattr(file, "size", 0) and file.size > MAX_FILE_BYTES:
            logger.warning(
                "An uploaded file of %s bytes is too large to read for search", file.size
            )
            return None
        return file.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]
    except (OSError, ValueError):
        logger.warning("Could not open an uploaded file to read its text")
        return None
    finally:
        with contextlib.suppress(OSError, ValueError):
            if was_closed:
                file.close()
            else:
                file.seek(0)


def fill_extracted_text(sender, instance, raw=False, **kwargs):
    """pre_save handler: extract when the file is new or replaced."""
    if raw or not instance.file:
        return
    if instance.pk and instance.extracted_text:
        previous = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
        if previous == instance.file.name:
            return
    instance.extracted_text = extract_text(instance.file, instance.file_extension)
