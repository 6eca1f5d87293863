"""Text of uploaded documents, so their words can be found (PDF with pypdf, .docx by its XML).

`fill_extracted_text` runs on pre_save of the document model (connected in search/apps.py):
when the file is new or changed, `extracted_text` is filled before the row is saved, so the
search index (updated on post_save) holds the text. A file that cannot be read keeps an empty
text: uploading never fails because of search.
"""

import contextlib
import logging
import re
import zipfile
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# Enough for any policy document; stops a huge upload from filling the index.
MAX_CHARS = 200_000
MAX_PDF_PAGES = 300
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACES = re.compile(r"[ \t\r\f\v]+")


def pdf_text(fileobj) -> str:
    reader = PdfReader(fileobj)
    parts = []
    for page in reader.pages[:MAX_PDF_PAGES]:
        parts.append(page.extract_text() or "")
        if sum(map(len, parts)) > MAX_CHARS:
            break
    return "\n".join(parts)


def docx_text(fileobj) -> str:
    with zipfile.ZipFile(fileobj) as archive:
        xml = archive.read("word/document.xml")
    root = ElementTree.fromstring(xml)  # noqa: S314 - a zip member of an editor's upload, no DTDs
    paragraphs = []
    for paragraph in root.iter(f"{_WORD_NS}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{_WORD_NS}t")))
    return "\n".join(p for p in paragraphs if p)


EXTRACTORS = {"pdf": pdf_text, "docx": docx_text}


def extract_text(file, extension: str) -> str:
    """The text of a file, or "" when the type is unknown or the file cannot be read."""
    extractor = EXTRACTORS.get(extension.lower().lstrip("."))
    if extractor is None:
        return ""
    # A stored file that was closed is reopened here and must be closed again
    # (otherwise its handle leaks); an upload still in memory stays open for saving.
    was_closed = file.closed
    try:
        file.open("rb")
        file.seek(0)
        text = extractor(file)
    except (PyPdfError, zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError):
        logger.warning("Could not extract text from an uploaded %s file", extension)
        return ""
    finally:
        with contextlib.suppress(OSError, ValueError):
            if was_closed:
                file.close()
            else:
                file.seek(0)
    return _SPACES.sub(" ", text).strip()[:MAX_CHARS]


def fill_extracted_text(sender, instance, raw=False, **kwargs):
    """pre_save handler: extract when the file is new or replaced."""
    if raw or not instance.file:
        return
    if instance.pk and instance.extracted_text:
        previous = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
        if previous == instance.file.name:
            return
    instance.extracted_text = extract_text(instance.file, instance.file_extension)
