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
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from common.errors import Invalid, TooLarge
from projects import archives

CHUNK = 64 * 1024
HEAD = 4096  # bytes read to sniff a file: magic numbers, the first lines of text, a PDF's header and catalog


@dataclass(frozen=True)
class Kind:
    """A kind of file Clusterflow accepts: its MIME type, its name in a sentence, the extensions it goes by.

    ``described`` and ``not_this_package`` are lazy translations, left out of comparisons (a lazy text
    compares and hashes by the language active at the time).
    """

    name: str
    mime_type: str
    described: Promise = field(compare=False)
    extensions: tuple[str, ...]
    # For a package: the whole sentence refusing a plain ZIP archive named as one (it names the members
    # that make the package); ``%(extension)s`` is the file's extension.
    not_this_package: Promise | None = field(default=None, compare=False)


# Translators: the kinds of file below are inserted into "The file is named %(extension)s but is %(kind)s:
# rename it to …"; translate each as the noun phrase that fits there (nominative).
PDF = Kind("PDF", "application/pdf", _("a PDF document"), (".pdf",))
# Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
PNG = Kind("PNG", "image/png", _("a PNG image"), (".png",))
# Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
JPEG = Kind("JPEG", "image/jpeg", _("a JPEG image"), (".jpg", ".jpeg"))
DOCX = Kind(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    # Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
    _("a Word document (DOCX)"),
    (".docx",),
    _(
        "The file is named %(extension)s but is a ZIP archive, not a Word document (DOCX), which holds "
        "[Content_Types].xml and word/document.xml: save it again from its program, or upload the file you meant."
    ),
)
XLSX = Kind(
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    # Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
    _("an Excel workbook (XLSX)"),
    (".xlsx",),
    _(
        "The file is named %(extension)s but is a ZIP archive, not an Excel workbook (XLSX), which holds "
        "[Content_Types].xml and xl/workbook.xml: save it again from its program, or upload the file you meant."
    ),
)
PPTX = Kind(
    "PPTX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    # Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
    _("a PowerPoint presentation (PPTX)"),
    (".pptx",),
    _(
        "The file is named %(extension)s but is a ZIP archive, not a PowerPoint presentation (PPTX), which holds "
        "[Content_Types].xml and ppt/presentation.xml: save it again from its program, or upload the file you "
        "meant."
    ),
)
ODT = Kind(
    "ODT",
    "application/vnd.oasis.opendocument.text",
    # Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
    _("an OpenDocument text (ODT)"),
    (".odt",),
    _(
        "The file is named %(extension)s but is a ZIP archive, not an OpenDocument text (ODT), which holds a "
        "first member mimetype naming the type, and content.xml: save it again from its program, or upload the "
        "file you meant."
    ),
)
ODS = Kind(
    "ODS",
    "application/vnd.oasis.opendocument.spreadsheet",
    # Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
    _("an OpenDocument spreadsheet (ODS)"),
    (".ods",),
    _(
        "The file is named %(extension)s but is a ZIP archive, not an OpenDocument spreadsheet (ODS), which holds "
        "a first member mimetype naming the type, and content.xml: save it again from its program, or upload the "
        "file you meant."
    ),
)
# Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
ZIP = Kind("ZIP", "application/zip", _("a ZIP archive"), (".zip",))
# Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
CSV = Kind("CSV", "text/csv", _("CSV text"), (".csv",))
# Translators: a kind of file, inserted into "The file is named %(extension)s but is %(kind)s: …".
TEXT = Kind("plain text", "text/plain", _("plain text"), (".txt", ".text", ".md", ".tsv"))
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
    """``kind``: what the file was found to be, a noun phrase already translated (``REFUSED_*`` below)."""
    return Invalid(
        gettext(
            "This file is %(kind)s, which is not accepted: upload PDF, Office or OpenDocument files, images "
            "(PNG, JPEG), ZIP, CSV or plain text."
        )
        % {"kind": kind}
    )


# The kinds of file refused, each inserted into "This file is %(kind)s, which is not accepted: …".
def _pdf_with_html() -> str:
    # Translators: a refused kind of file, inserted into "This file is %(kind)s, which is not accepted: …".
    return gettext("a PDF carrying HTML (a web page or a script)")


def _executable() -> str:
    # Translators: a refused kind of file, inserted into "This file is %(kind)s, which is not accepted: …".
    return gettext("an executable program")


def _script() -> str:
    # Translators: a refused kind of file, inserted into "This file is %(kind)s, which is not accepted: …".
    return gettext("a script")


def _svg() -> str:
    # Translators: a refused kind of file (an SVG image), inserted into "This file is %(kind)s, which is not
    # accepted: …".
    return pgettext("refused file", "SVG")


def _html() -> str:
    # Translators: a refused kind of file (a web page), inserted into "This file is %(kind)s, which is not
    # accepted: …".
    return pgettext("refused file", "HTML")


def _binary() -> str:
    # Translators: a refused kind of file, inserted into "This file is %(kind)s, which is not accepted: …".
    return gettext("an unrecognised binary file")


def sniff(upload: UploadedFile) -> Kind:
    """The file's kind from its first bytes (and, for ZIP-based formats, its directory), whatever it is called."""
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        if HTML_IN_PDF.search(head):
            raise _refuse(_pdf_with_html())
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(upload)
    if head.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce")):
        raise _refuse(_executable())
    if head.startswith(b"#!"):
        raise _refuse(_script())
    text = head.removeprefix(b"\xef\xbb\xbf")
    if MARKUP.match(text):
        raise _refuse(_svg() if b"<svg" in text.lower() else _html())
    if b"\x00" in text:
        raise _refuse(_binary())
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(text) - 4:  # not just a character cut by the 4 KiB window
            raise _refuse(_binary()) from error
    if re.search(rb"<\s*(script|html|svg|iframe)\b", text, re.I):
        raise _refuse(_html())
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
        raise Invalid(str(claimed.not_this_package) % {"extension": suffix})
    raise Invalid(
        gettext(
            "The file is named %(extension)s but is %(kind)s: rename it to %(proper)s, or upload the file you meant."
        )
        % {"extension": suffix, "kind": sniffed.described, "proper": sniffed.extensions[0]}
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
        raise Invalid(gettext("Attach the file as the multipart field 'file'."))
    limit = settings.FILE_UPLOAD_MAX_SIZE
    if upload.size > limit:
        raise TooLarge(
            gettext("The file is %(size)s bytes; the limit is %(limit)s bytes.")
            % {
                "size": number_format(upload.size, force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
        )
    if upload.size == 0:
        raise Invalid(gettext("The file is empty."))
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    name = clean_name(upload.name)
    return Checked(name, upload.size, digest.hexdigest(), named_kind(name, sniff(upload)))
