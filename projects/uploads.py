"""Uploaded files: what a file really is (sniffed from its content, not its name), and whether its name agrees.

Allowed: PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG, ZIP, CSV and plain text. Refused: HTML, SVG,
scripts, executables, a PDF carrying HTML and anything unrecognised, with the detected type named; a
file whose extension says another kind than its content (a plain ZIP named .docx); an archive beyond
the limits of ``projects.archives`` (a decompression bomb).
"""

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from common.errors import Invalid, TooLarge
from projects import archives

CHUNK = 64 * 1024
HEAD = 4096  # bytes read to sniff a file: magic numbers, the first lines of text, a PDF's header and catalog


@dataclass(frozen=True)
class Kind:
    """A kind of file Clusterflow accepts: its MIME type, its name in a sentence, the extensions it goes by."""

    name: str
    mime_type: str
    described: str
    extensions: tuple[str, ...]
    holds: str = ""  # for a package: the members that make it one


PDF = Kind("PDF", "application/pdf", "a PDF document", (".pdf",))
PNG = Kind("PNG", "image/png", "a PNG image", (".png",))
JPEG = Kind("JPEG", "image/jpeg", "a JPEG image", (".jpg", ".jpeg"))
DOCX = Kind(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "a Word document (DOCX)",
    (".docx",),
    "[Content_Types].xml and word/document.xml",
)
XLSX = Kind(
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "an Excel workbook (XLSX)",
    (".xlsx",),
    "[Content_Types].xml and xl/workbook.xml",
)
PPTX = Kind(
    "PPTX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "a PowerPoint presentation (PPTX)",
    (".pptx",),
    "[Content_Types].xml and ppt/presentation.xml",
)
ODT = Kind(
    "ODT",
    "application/vnd.oasis.opendocument.text",
    "an OpenDocument text (ODT)",
    (".odt",),
    "a first member mimetype naming the type, and content.xml",
)
ODS = Kind(
    "ODS",
    "application/vnd.oasis.opendocument.spreadsheet",
    "an OpenDocument spreadsheet (ODS)",
    (".ods",),
    "a first member mimetype naming the type, and content.xml",
)
ZIP = Kind("ZIP", "application/zip", "a ZIP archive", (".zip",))
CSV = Kind("CSV", "text/csv", "CSV text", (".csv",))
TEXT = Kind("plain text", "text/plain", "plain text", (".txt", ".text", ".md", ".tsv"))
TEXTS = (CSV, TEXT)  # the name decides between them: a first line with a comma is only a hint
PACKAGES = (DOCX, XLSX, PPTX, ODT, ODS)

# An Office Open XML package is its content-types part plus the main part of its kind; an OpenDocument
# file starts with a member ``mimetype`` naming its type, and has ``content.xml``.
CONTENT_TYPES = "[Content_Types].xml"
OOXML_MAIN_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
ODF_TYPES = {kind.mime_type.encode(): kind for kind in (ODT, ODS)}
ODF_MIMETYPE, ODF_CONTENT = "mimetype", "content.xml"

MARKUP = re.compile(
    rb"^\s*(<!doctype\s+html|<html|<head|<body|<script|<iframe|<svg|<\?xml[^>]*>\s*(<!--.*?-->\s*)*<svg)", re.I | re.S
)
# HTML elements a browser would render or run. A real PDF's first kilobytes hold its header, objects,
# dictionaries (``<<``) and hexadecimal strings (``<48656c6c6f>``) but never an HTML tag: every name
# here has a letter that is not a hexadecimal digit, so no PDF string can look like one.
HTML_IN_PDF = re.compile(
    rb"<!doctype\s+html|<\s*(html|head|body|script|iframe|frame|frameset|svg|object|embed|meta|form|style|link|img|base)"
    rb"[\s/>]",
    re.I,
)


def _refuse(kind: str) -> Invalid:
    return Invalid(
        f"This file is {kind}, which is not accepted: upload PDF, Office or OpenDocument files, images (PNG, JPEG), "
        "ZIP, CSV or plain text."
    )


def sniff(upload: UploadedFile) -> Kind:
    """The file's kind from its first bytes (and, for ZIP-based formats, its directory), whatever it is called."""
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        if HTML_IN_PDF.search(head):
            raise _refuse("a PDF carrying HTML (a web page or a script)")
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(upload)
    if head.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce")):
        raise _refuse("an executable program")
    if head.startswith(b"#!"):
        raise _refuse("a script")
    text = head.removeprefix(b"\xef\xbb\xbf")
    if MARKUP.match(text):
        raise _refuse("SVG" if b"<svg" in text.lower() else "HTML")
    if b"\x00" in text:
        raise _refuse("an unrecognised binary file")
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(text) - 4:  # not just a character cut by the 4 KiB window
            raise _refuse("an unrecognised binary file") from error
    if re.search(rb"<\s*(script|html|svg|iframe)\b", text, re.I):
        raise _refuse("HTML")
    first_line = text.split(b"\n", 1)[0]
    if first_line.count(b",") or first_line.count(b";"):
        return CSV
    return TEXT


def _sniff_zip(upload: UploadedFile) -> Kind:
    """An OOXML or OpenDocument package if it has the parts of one, else a plain ZIP archive.

    The directory is checked against the archive limits before anything is unpacked, and only a few
    bytes of two small members are ever read (see ``projects.archives``).
    """
    try:
        directory = archives.inspect(upload, wanted={CONTENT_TYPES, ODF_MIMETYPE, ODF_CONTENT, *OOXML_MAIN_PARTS})
        with zipfile.ZipFile(upload) as archive:
            if directory.first == ODF_MIMETYPE and ODF_CONTENT in directory.found:
                declared = archives.read_member(archive, ODF_MIMETYPE, 100).strip()
                if declared in ODF_TYPES:
                    return ODF_TYPES[declared]
            mains = [kind for part, kind in OOXML_MAIN_PARTS.items() if part in directory.found]
            is_package = CONTENT_TYPES in directory.found and len(mains) == 1
            if is_package and b"<Types" in archives.read_member(archive, CONTENT_TYPES):
                return mains[0]
        return ZIP
    except (zipfile.BadZipFile, ValueError, EOFError) as error:  # ValueError: a name that is not UTF-8, a bad offset
        raise archives.damaged() from error
    finally:
        upload.seek(0)


def extension(name: str) -> str:
    """The name's extension, lower case; none for a name like "Minutes 12.03.2026" (digits are not a type)."""
    suffix = os.path.splitext(name)[1].lower()
    return "" if re.fullmatch(r"\.[0-9]*", suffix) else suffix


def named_kind(name: str, sniffed: Kind) -> Kind:
    """The sniffed kind if the name agrees with it (or has no extension); else refused, naming both.

    A file opened from a download folder is opened by its extension, so a name that disagrees with
    the content is how a disguised file would get run. Text is the one case where the name decides:
    CSV and plain text are both text, and sniffing them is only a guess.
    """
    suffix = extension(name)
    if not suffix:
        return sniffed
    if sniffed in TEXTS:
        for kind in TEXTS:
            if suffix in kind.extensions:
                return kind
    elif suffix in sniffed.extensions:
        return sniffed
    claimed = next((kind for kind in PACKAGES if suffix in kind.extensions), None)
    if sniffed == ZIP and claimed:
        raise Invalid(
            f"The file is named {suffix} but is a ZIP archive, not {claimed.described}, which holds {claimed.holds}: "
            "save it again from its program, or upload the file you meant."
        )
    raise Invalid(
        f"The file is named {suffix} but is {sniffed.described}: rename it to {sniffed.extensions[0]}, "
        "or upload the file you meant."
    )


def clean_name(name: str) -> str:
    """The name's last path component, Unicode kept, control characters dropped, at most 255 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(character for character in base if character.isprintable()).strip()
    if base in ("", ".", ".."):
        base = "file"
    stem, suffix = os.path.splitext(base)
    return stem[: 255 - len(suffix)] + suffix


@dataclass(frozen=True)
class Checked:
    name: str
    size: int
    sha256: str
    sniffed: Kind


def check_upload(upload: UploadedFile | None) -> Checked:
    """Refuse an upload that is missing, empty, too large, of a refused type or named as another kind; hash it
    while reading."""
    if upload is None:
        raise Invalid("Attach the file as the multipart field 'file'.")
    limit = settings.FILE_UPLOAD_MAX_SIZE
    if upload.size > limit:
        raise TooLarge(f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes.")
    if upload.size == 0:
        raise Invalid("The file is empty.")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    name = clean_name(upload.name)
    return Checked(name, upload.size, digest.hexdigest(), named_kind(name, sniff(upload)))
