"""Reads one uploaded file from stdin and writes its text to stdout, in a child process.

Started by search/extraction.py as `python -I extract_worker.py <pdf|docx> <pages> <chars>
<memory bytes> <cpu seconds>`. It imports nothing of the project or of Django, so it starts
in a tenth of a second; the limits are set before the file is read, so a PDF that would
take minutes or gigabytes is stopped by the operating system, not by hope.
Exit 0 with the text on stdout, or non-zero (any error in the file) with nothing.
"""

import io
import re
import resource
import sys
import zipfile
from xml.etree import ElementTree

_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A .docx whose main text unpacks to more than this is not read (a zip bomb, or no letter).
MAX_DOCX_XML_BYTES = 20_000_000


def pdf_text(data: bytes, max_pages: int, max_chars: int) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    length = 0
    for number, page in enumerate(reader.pages):
        if number >= max_pages or length > max_chars:
            break
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
    return "\n".join(parts)


def docx_text(data: bytes, max_pages: int, max_chars: int) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCX_XML_BYTES:
            raise ValueError("word/document.xml is too large")
        xml = archive.read(info)
    root = ElementTree.fromstring(xml)  # noqa: S314 - expat refuses entity expansion bombs
    paragraphs = []
    length = 0
    for paragraph in root.iter(f"{_WORD_NS}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{_WORD_NS}t")).strip()
        if text:
            # A heading or a table cell ends like a sentence, so a snippet reads well.
            paragraphs.append(text if text[-1] in ".?!:;…" else text + ".")
            length += len(text)
            if length > max_chars:
                break
    return "\n".join(paragraphs)


EXTRACTORS = {"pdf": pdf_text, "docx": docx_text}
# Control characters (fonts without a text map give NUL bytes, which PostgreSQL refuses
# to store) become spaces; then runs of spaces one. Line ends stay.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \r\f\v]+")


def main(argv: list[str]) -> int:
    kind, max_pages, max_chars, memory, cpu = argv[1], *map(int, argv[2:6])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    data = sys.stdin.buffer.read()
    try:
        text = EXTRACTORS[kind](data, max_pages, max_chars)
    except Exception as error:  # any fault in the file: the parent logs that it failed
        sys.stderr.write(f"{type(error).__name__}\n")
        return 2
    text = _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()[:max_chars]
    sys.stdout.buffer.write(text.encode("utf-8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
