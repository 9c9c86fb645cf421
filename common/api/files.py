"""File responses: every stored, generated or exported file is sent as an attachment, never rendered.

Each one carries ``Content-Disposition: attachment`` with both an ASCII ``filename="…"`` (for
programs that read only that) and the real name as ``filename*=UTF-8''…`` (RFC 6266), plus
``X-Content-Type-Options: nosniff`` and ``Content-Security-Policy: sandbox``: even if a browser were
talked into showing an upload, it could run nothing in the product's origin. A stored file that is
missing from the disk answers 410 Gone, logged as an error, rather than a 500.
"""

import logging
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.translation import gettext

from common.errors import Gone

logger = logging.getLogger(__name__)

# Letters NFKD does not take apart into an ASCII letter and an accent (Polish, Slovenian, Croatian, Nordic…).
ASCII_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae"})
UNSAFE = re.compile(r"[^A-Za-z0-9 !#$&'()+,\-.=@\[\]^_`{}~]")  # no quote, backslash, percent or control


def ascii_filename(filename: str) -> str:
    """``filename`` in printable ASCII for the ``filename="…"`` fallback: accents dropped, the rest ``_``.

    "Sprawozdanie końcowe "v2".pdf" → "Sprawozdanie koncowe _v2_.pdf". Quotes and backslashes would end
    or escape the quoted string, and some browsers decode ``%xx`` there, so they are replaced too.
    """
    decomposed = unicodedata.normalize("NFKD", filename.translate(ASCII_LETTERS))
    without_accents = "".join(character for character in decomposed if not unicodedata.combining(character))
    safe = re.sub(r"_{2,}", "_", UNSAFE.sub("_", without_accents)).strip()
    stem, dot, suffix = safe.rpartition(".")
    if dot and not stem.strip("_ "):
        return f"download.{suffix}"
    return safe if safe.strip("_ .") else "download"


def content_disposition(filename: str) -> str:
    """``attachment`` with the ASCII fallback and the full name (percent-encoded UTF-8) side by side."""
    return f"attachment; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def as_attachment(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def attachment_response(file, *, filename: str, content_type: str) -> FileResponse:
    """An open file (or file-like object) as an attachment under ``filename``."""
    return as_attachment(FileResponse(file, content_type=content_type), filename)


def streamed_response(chunks: Iterable[bytes | str], *, filename: str, content_type: str) -> StreamingHttpResponse:
    """Content made while it is sent (a CSV export) as an attachment under ``filename``."""
    return as_attachment(StreamingHttpResponse(chunks, content_type=content_type), filename)


def stored_response(field: FieldFile, *, filename: str, content_type: str, what: str) -> FileResponse:
    """A stored file as an attachment; 410 if the row exists but its file is gone from the storage.

    ``what`` names the file in the answer, e.g. "version 2 of deliverable D2.1 (report.pdf)".
    """
    try:
        if not field.name:
            raise FileNotFoundError("no file name recorded")
        handle = field.open("rb")
    except FileNotFoundError as error:
        logger.error("The stored file of %s is missing (storage name %r): %s", what, field.name, error)
        raise Gone(
            gettext("The stored file of %(file)s is missing; ask the office to restore it from backup.")
            % {"file": what}
        ) from error
    return attachment_response(handle, filename=filename, content_type=content_type)


def file_response(stored, *, what: str) -> FileResponse:
    """A stored file version under its original name and detected type (410 if its file is gone)."""
    return stored_response(stored.file, filename=stored.original_name, content_type=stored.mime_type, what=what)
