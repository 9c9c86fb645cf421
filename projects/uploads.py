"""Uploaded files: what a file really is (sniffed from its content, not its name), and storing it.

Allowed: PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG, JPEG, ZIP, CSV and plain text. Refused: HTML, SVG,
scripts, executables and anything unrecognised, with the detected type named.
"""

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from common.errors import Invalid, ServiceError

CHUNK = 64 * 1024

OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX"),
}
ODF = {
    b"application/vnd.oasis.opendocument.text": ("application/vnd.oasis.opendocument.text", "ODT"),
    b"application/vnd.oasis.opendocument.spreadsheet": ("application/vnd.oasis.opendocument.spreadsheet", "ODS"),
}
MARKUP = re.compile(
    rb"^\s*(<!doctype\s+html|<html|<head|<body|<script|<iframe|<svg|<\?xml[^>]*>\s*(<!--.*?-->\s*)*<svg)", re.I | re.S
)


class TooLarge(ServiceError):
    status_code = 413


@dataclass(frozen=True)
class Sniffed:
    mime_type: str
    kind: str


def _refuse(kind: str) -> Invalid:
    return Invalid(
        f"This file is {kind}, which is not accepted: upload PDF, Office or OpenDocument files, images (PNG, JPEG), "
        "ZIP, CSV or plain text."
    )


def sniff(upload: UploadedFile) -> Sniffed:
    """The file's type from its first bytes (and, for ZIP-based formats, its directory)."""
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return Sniffed("application/pdf", "PDF")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", "PNG")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", "JPEG")
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
        return Sniffed("text/csv", "CSV")
    return Sniffed("text/plain", "plain text")


def _sniff_zip(upload: UploadedFile) -> Sniffed:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").strip()
                if declared in ODF:
                    return Sniffed(*ODF[declared])
            if "[Content_Types].xml" in names:
                for prefix, found in OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return Sniffed(*found)
        return Sniffed("application/zip", "ZIP")
    except zipfile.BadZipFile as error:
        raise _refuse("a damaged ZIP archive") from error
    finally:
        upload.seek(0)


def clean_name(name: str) -> str:
    """The name's last path component, Unicode kept, control characters dropped, at most 255 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(character for character in base if character.isprintable()).strip()
    if base in ("", ".", ".."):
        base = "file"
    stem, extension = os.path.splitext(base)
    return stem[: 255 - len(extension)] + extension


@dataclass(frozen=True)
class Checked:
    name: str
    size: int
    sha256: str
    sniffed: Sniffed


def check_upload(upload: UploadedFile | None) -> Checked:
    """Refuse an upload that is missing, empty, too large or of a refused type; hash it while reading."""
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
    return Checked(clean_name(upload.name), upload.size, digest.hexdigest(), sniff(upload))
