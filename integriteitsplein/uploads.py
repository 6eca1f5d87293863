"""What an uploaded file really is, for every upload of the site (kennisbank and meldkanaal).

One decision, two thin allow-lists: the kennisbank (documents editors publish) and the
meldkanaal (attachments of a report) each say which kinds they take; this module decides
what a file *is* from its content and refuses what a sniffer cannot see:

- the magic number comes from `filetype` (a maintained sniffer); Office files are zips,
  so their directory is read to tell docx/xlsx/pptx/odt/ods/odp apart;
- a zip that unpacks to far more than it weighs (a "zip bomb") or holds thousands of
  entries is refused from its directory alone, before any entry is unpacked;
- macros (vbaProject.bin, a macro-enabled content type, ODF Basic or scripts) are refused;
- a PDF or an image that also holds HTML or script (a polyglot: a browser or viewer may run
  it) is refused, and so is a PDF with JavaScript or a launch action;
- the name the user gave is reduced to a safe base (no path, no control or direction
  characters such as the right-to-left override) plus the extension found in the content.

Files are read through `read`/`seek` in chunks, never whole: the meldkanaal's uploads are
encrypted temporary files of up to 10 MB each.
"""

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str  # in words, for a Dutch message


KINDS = {
    kind.extension: kind
    for kind in [
        FileKind("pdf", "application/pdf", "PDF-bestand"),
        FileKind("png", "image/png", "PNG-afbeelding"),
        FileKind("jpg", "image/jpeg", "JPG-afbeelding"),
        FileKind("gif", "image/gif", "GIF-afbeelding"),
        FileKind("webp", "image/webp", "WEBP-afbeelding"),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word-bestand",
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel-bestand",
        ),
        FileKind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint-bestand",
        ),
        FileKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument-tekstbestand"),
        FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument-rekenblad"),
        FileKind(
            "odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument-presentatie"
        ),
        FileKind("txt", "text/plain", "tekstbestand"),
        FileKind("csv", "text/csv", "CSV-bestand"),
    ]
}
IMAGE_EXTENSIONS = {"png", "jpg", "gif", "webp"}
TEXT_EXTENSIONS = {"txt", "csv"}
# What filetype calls the kinds we take directly by their magic number.
_BY_MAGIC = {"pdf": "pdf", "png": "png", "jpg": "jpg", "gif": "gif", "webp": "webp"}
# filetype guesses Office files from the first bytes of a zip; the directory decides.
_ZIP_GUESSES = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"}
_OOXML_MAIN_PART = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
_ODF_MIMETYPES = {KINDS[ext].content_type.encode(): ext for ext in ("odt", "ods", "odp")}

# Zip limits, from the directory alone. A real Office file of 20 MB unpacks to well under
# 250 MB and a few hundred entries; a thousandfold packed file is made to harm.
MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_BYTES = 250 * 1024 * 1024
MAX_PACKING_RATIO = 100

_SNIFF_BYTES = 8192
_SCAN_CHUNK = 1024 * 1024
_SCAN_OVERLAP = 64
# HTML or script that a browser or viewer would run; searched in lower case.
_HTML = re.compile(
    rb"<(?:html|head|body|script|iframe|svg|object|embed|form|meta|img)[\s/>]"
    rb"|<!doctype\s+html|javascript:"
)
# PDF actions that run something: JavaScript, launching a program, embedded media.
_PDF_ACTIONS = re.compile(rb"/(?:javascript|js|launch|richmedia)\b")
_TEXT_SAMPLE = 1024 * 1024
_TEXT_CONTROLS_ALLOWED = {"\t", "\n", "\x0c", "\r", "\x1a"}


class FileRefused(ValueError):
    """A Dutch sentence about the file, for the person who chose it; `code` says why."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


MACRO_MESSAGE = (
    "Dit bestand bevat macro’s. Die kunnen schadelijk zijn voor wie het opent. Sla het op "
    "zonder macro’s (als gewoon {kind}) en probeer het nog eens."
)
BOMB_MESSAGE = (
    "Dit bestand is uitgepakt veel groter dan het lijkt, of bestaat uit te veel delen. Zo’n "
    "bestand nemen we niet aan. Sla het opnieuw op, of stuur de inhoud in een paar kleinere "
    "bestanden."
)
POLYGLOT_MESSAGE = (
    "Dit bestand bevat naast een {kind} ook code voor een webpagina of script. Zo’n bestand "
    "kan schadelijk zijn voor wie het opent. Sla het opnieuw op (bijvoorbeeld met ‘Afdrukken "
    "als PDF’ of als schermafdruk) en probeer het nog eens."
)


def _rewind(file) -> None:
    file.seek(0)


def _read_head(file) -> bytes:
    _rewind(file)
    head = file.read(_SNIFF_BYTES)
    _rewind(file)
    return head


def identify(file, *, text_as: str | None = None) -> FileKind | None:
    """The kind of the file by its content, or None when it is none we know.

    Plain text has no magic number: `text_as` ("txt" or "csv") says which of the two a
    file that reads as text counts as. A zip is checked for bombs and macros here, as its
    directory is read anyway; those raise FileRefused.
    """
    head = _read_head(file)
    if not head:
        return None
    guess = filetype.guess(head)
    if guess is not None and guess.extension in _BY_MAGIC:
        return KINDS[_BY_MAGIC[guess.extension]]
    if head.startswith(b"PK\x03\x04") or (guess is not None and guess.extension in _ZIP_GUESSES):
        return _identify_zip(file)
    if text_as in TEXT_EXTENSIONS and guess is None and _looks_like_text(file):
        return KINDS[text_as]
    return None


def _identify_zip(file) -> FileKind | None:
    _rewind(file)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            _refuse_bomb(file, entries)
            names = {entry.filename for entry in entries}
            if "mimetype" in names:
                # A few bytes only: the directory said it is small, but it could lie.
                with archive.open("mimetype") as entry:
                    extension = _ODF_MIMETYPES.get(entry.read(100).strip())
                if extension is None or "content.xml" not in names:
                    return None
                if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                    raise FileRefused(MACRO_MESSAGE.format(kind=KINDS[extension].label), "macros")
                return KINDS[extension]
            if "[Content_Types].xml" not in names:
                return None
            found = [ext for part, ext in _OOXML_MAIN_PART.items() if part in names]
            if len(found) != 1:
                return None
            extension = found[0]
            with archive.open("[Content_Types].xml") as entry:
                content_types = entry.read(256 * 1024).lower()
            if (
                any(n.lower().endswith(("vbaproject.bin", "vbadata.xml")) for n in names)
                or b"macroenabled" in content_types
                or b"vbaproject" in content_types
            ):
                raise FileRefused(MACRO_MESSAGE.format(kind=KINDS[extension].label), "macros")
            return KINDS[extension]
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        return None
    finally:
        _rewind(file)


def _size(file) -> int:
    file.seek(0, 2)
    size = file.tell()
    _rewind(file)
    return size


def _refuse_bomb(file, entries: list[zipfile.ZipInfo]) -> None:
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(_size(file), 1)
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or unpacked > MAX_UNPACKED_BYTES
        or unpacked > MAX_PACKING_RATIO * packed
    ):
        raise FileRefused(BOMB_MESSAGE, "zip_bomb")


def _scan(file, *patterns: re.Pattern) -> bool:
    """True when any of the patterns occurs anywhere in the file (read once, in chunks, in
    lower case: an encrypted spool is decrypted once for all of them)."""
    _rewind(file)
    tail = b""
    try:
        while chunk := file.read(_SCAN_CHUNK):
            window = (tail + chunk).lower()
            if any(pattern.search(window) for pattern in patterns):
                return True
            tail = window[-_SCAN_OVERLAP:]
        return False
    finally:
        _rewind(file)


def refuse_polyglot(file, kind: FileKind) -> None:
    """Refuse a PDF or image that also holds HTML or script, or a PDF that runs something."""
    if kind.extension != "pdf" and kind.extension not in IMAGE_EXTENSIONS:
        return
    patterns = (_HTML, _PDF_ACTIONS) if kind.extension == "pdf" else (_HTML,)
    if _scan(file, *patterns):
        raise FileRefused(POLYGLOT_MESSAGE.format(kind=kind.label), "polyglot")


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
    _rewind(file)
    text = _decode_text(file.read(_TEXT_SAMPLE))
    _rewind(file)
    if text is None:
        return False
    return not any(ch < " " and ch not in _TEXT_CONTROLS_ALLOWED for ch in text)


def check_file(file, allowed, *, expected: str | None = None) -> FileKind:
    """Decide what the file is and whether it may come in; raise FileRefused if not.

    `allowed` is the app's allow-list of extensions. `expected` is the extension the name
    promises, where the name must match the content (the kennisbank's documents keep their
    name); the meldkanaal passes none and takes the extension from the content.
    """
    kind = identify(file, text_as=expected)
    if kind is None or kind.extension not in allowed:
        raise FileRefused("Dit soort bestand nemen we niet aan.", "type")
    if expected is not None and kind.extension != expected:
        raise FileRefused("De inhoud van dit bestand past niet bij de naam.", "mismatch")
    refuse_polyglot(file, kind)
    return kind


# --- names ---------------------------------------------------------------------------

_UNSAFE_IN_NAME = re.compile(r"[^\w \-()+,&@']+")
MAX_NAME_LENGTH = 100


def safe_name(name: str, extension: str, default: str = "bestand") -> str:
    """The user's file name reduced to a safe base plus the extension the content has.

    No folders, no control, format or direction characters (U+202E, the right-to-left
    override, makes "factuur‮fdp.exe" look like "factuurexe.pdf"), no dots inside the base
    (no double extensions), at most 100 characters; "bestand" when nothing is left.
    """
    return f"{safe_base(name, default)}.{extension}"


def safe_base(name: str, default: str = "bestand") -> str:
    """The safe base of a file name, without its extension (see safe_name)."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    base = name.rsplit(".", 1)[0] if "." in name else name
    base = _UNSAFE_IN_NAME.sub("_", base)
    base = re.sub(r"[_\s]{2,}", "_", base).strip(" ._-")[:MAX_NAME_LENGTH].strip(" ._-")
    return base or default
