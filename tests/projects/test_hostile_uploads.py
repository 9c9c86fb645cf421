"""Hostile uploads: decompression bombs, archives that lie about their sizes, and files that are not what
their name claims. Each is refused with its reason and leaves neither a row nor a stored file.

The bombs are written by hand (``archive``): a deflate stream of zeros is the same kilobyte repeated,
so a member unpacking to a gigabyte costs a megabyte and no time to build, and its declared sizes can be
made to lie.
"""

import functools
import io
import struct
import tracemalloc
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
import weasyprint
import xlsxwriter
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import DeliverableFile
from projects.uploads import check_upload
from tests.projects.test_files import zipped

MB = 1024 * 1024
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCX = {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"}


@dataclass
class Member:
    """One member of a hand-written archive: its packed bytes and what the directory declares about it."""

    data: bytes
    size: int  # unpacked, truly
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    declared: int | None = None  # the unpacked size the headers claim, if not the true one
    flags: int = 0

    @classmethod
    def stored(cls, content: bytes) -> "Member":
        return cls(content, len(content), zlib.crc32(content), zipfile.ZIP_STORED)


@functools.cache
def zeros(megabytes: int) -> Member:
    """A deflated member of ``megabytes`` MiB of zeros, about 1 KiB per MiB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)  # the same for every MiB
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(bytes(MB), crc)
    return Member(block * megabytes + compressor.flush(), megabytes * MB, crc)


# The ZIP format's records (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16), as zipfile itself packs them.
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
END_RECORD = struct.Struct("<4s4H2LH")
ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")  # APPNOTE 4.3.14, then its locator (4.3.15)
ZIP64_LOCATOR = struct.Struct("<4sLQL")
DOS_DATE = 0x21  # 1980-01-01


def archive(members: dict[str | bytes, Member], *, declared_count: int | None = None, zip64: bool = False) -> bytes:
    """A ZIP archive of ``members`` as the format lays it out: local headers and data, directory, end record.

    ``zip64``: the directory's sizes and the end record's count, size and offset are in the ZIP64
    records (as for archives over 4 GiB or 65,535 members), the 32-bit fields saying only "see there".
    """
    body, directory = bytearray(), bytearray()
    for name, member in members.items():
        encoded = name if isinstance(name, bytes) else name.encode()
        size = member.size if member.declared is None else member.declared
        # flags, method, time, date, CRC-32, packed size, unpacked size, name length: in both headers
        shared = (member.flags, member.method, 0, DOS_DATE, member.crc, len(member.data), size, len(encoded))
        extra = b""
        if zip64:
            shared = (*shared[:5], 0xFFFFFFFF, 0xFFFFFFFF, shared[7])
            extra = struct.pack("<2H2Q", 0x0001, 16, size, len(member.data))
        offset = len(body)
        body += LOCAL_HEADER.pack(b"PK\x03\x04", 20, 0, *shared, 0) + encoded + member.data
        directory += CENTRAL_HEADER.pack(b"PK\x01\x02", 20, 0, 20, 0, *shared, len(extra), 0, 0, 0, 0, offset)
        directory += encoded + extra
    count = len(members) if declared_count is None else declared_count
    if not zip64:
        end = END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
        return bytes(body + directory + end)
    zip64_end = ZIP64_END_RECORD.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(directory), len(body))
    locator = ZIP64_LOCATOR.pack(b"PK\x06\x07", 0, len(body) + len(directory), 1)
    end = END_RECORD.pack(b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(body + directory + zip64_end + locator + end)


def upload(client, deliverable, name, content):
    return client.post(
        f"/api/deliverables/{deliverable.pk}/files/",
        {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
        format="multipart",
    )


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def refused(world, client_for):
    """Upload as the responsible partner; assert the status and that nothing was stored; the reason."""

    def run(name: str, content: bytes, status: int = 400) -> str:
        before = stored_files()
        response = upload(client_for(world.users["partner_same"]), world.objects["deliverable"], name, content)
        assert response.status_code == status, response.content
        assert not DeliverableFile.objects.exists()
        assert stored_files() == before
        return response.json()["detail"]

    return run


@pytest.fixture
def accepted(world, client_for):
    def run(name: str, content: bytes) -> dict:
        response = upload(client_for(world.users["partner_same"]), world.objects["deliverable"], name, content)
        assert response.status_code == 201, response.content
        return response.json()

    return run


# --- Decompression bombs ---------------------------------------------------------------------------


def test_a_docx_whose_mimetype_unpacks_to_a_gigabyte_is_413(refused):
    bomb = archive({"mimetype": zeros(1024), **{name: Member.stored(data) for name, data in DOCX.items()}})
    assert len(bomb) < 2 * MB
    detail = refused("report.docx", bomb, status=413)
    assert detail == "The archive unpacks to at least 1,073,741,824 bytes; the limit is 536,870,912 bytes."


def test_a_bomb_in_word_document_xml_is_refused_from_the_declared_sizes(refused):
    bomb = archive({"[Content_Types].xml": Member.stored(CONTENT_TYPES), "word/document.xml": zeros(300)})
    assert len(bomb) < 400 * 1024  # 300 MB unpacked, as in the trial
    detail = refused("report.docx", bomb)
    assert detail.startswith("Inside the archive, word/document.xml unpacks to 1,0")
    assert detail.endswith(
        "times its packed size; at most 200 times is accepted (more is the mark of a decompression bomb)."
    )


def test_many_small_members_that_together_pack_like_a_bomb_are_refused(refused):
    # Each under the 1 MiB a single member may unpack to at any ratio; together 3 MiB from 3 KiB.
    half = Member(zlib.compress(bytes(MB // 2), 9)[2:-4], MB // 2, zlib.crc32(bytes(MB // 2)))
    detail = refused("parts.zip", archive({f"part{n}.bin": half for n in range(6)}))
    assert detail.startswith("The archive unpacks to ")
    assert detail.endswith(
        "times its packed size; at most 200 times is accepted (more is the mark of a decompression bomb)."
    )


def test_an_archive_over_the_unpacked_limit_is_413_even_at_an_ordinary_ratio(refused, settings):
    settings.UPLOAD_ARCHIVE_MAX_INFLATED = 1_000_000
    text = b"".join(b"<w:p><w:t>Paragraph %d of the handbook</w:t></w:p>" % n for n in range(40_000))
    content = zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": text})
    detail = refused("handbook.docx", content, status=413)
    assert detail.endswith("bytes; the limit is 1,000,000 bytes.")


def test_an_archive_with_too_many_members_is_refused_even_if_its_end_record_says_fewer(refused, settings):
    settings.UPLOAD_ARCHIVE_MAX_MEMBERS = 5
    members = {f"photo{n}.jpg": Member.stored(b"\xff\xd8\xff") for n in range(6)}
    expected = "The archive holds more than 5 files; at most 5 are accepted."
    assert refused("photos.zip", archive(members)) == expected
    assert refused("photos.zip", archive(members, declared_count=1)) == expected  # the directory is counted


def test_a_package_in_zip64_records_is_read_like_any_other(accepted):
    package = {name: Member.stored(data) for name, data in DOCX.items()}
    body = accepted("report.docx", archive(package, zip64=True))
    assert body["mime_type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_zip64_records_are_read_for_sizes_and_member_count(refused, settings):
    package = {name: Member.stored(data) for name, data in DOCX.items()}
    five_gigabytes = Member(b"\x03\x00", 5 * 1024 * MB, 0)  # what only a ZIP64 extra field can declare
    detail = refused("report.docx", archive({**package, "word/media/film.bin": five_gigabytes}, zip64=True), 413)
    assert detail.startswith("The archive unpacks to at least 5,368,709,")
    settings.UPLOAD_ARCHIVE_MAX_MEMBERS = 5
    photos = {f"photo{n}.jpg": Member.stored(b"\xff\xd8\xff") for n in range(6)}
    assert refused("photos.zip", archive(photos, zip64=True)) == (
        "The archive holds more than 5 files; at most 5 are accepted."
    )


def test_a_member_that_lies_about_its_size_is_read_only_a_few_kilobytes(refused):
    # The directory says 1,000 bytes; the stream would unpack to a gigabyte of zeros.
    liar = Member(zeros(1024).data, 1024 * MB, zeros(1024).crc, declared=1000)
    bomb = archive({"[Content_Types].xml": liar, "word/document.xml": Member.stored(b"<w:document/>")})
    # Read no further than the declared size, its checksum cannot match: a damaged archive.
    assert refused("report.docx", bomb) == (
        "This file is a damaged ZIP archive, which is not accepted: save or export it again and upload the new copy."
    )


@pytest.mark.parametrize(
    "content",
    [
        archive({b"\xff\xfe.xml": Member(b"x", 1, zlib.crc32(b"x"), zipfile.ZIP_STORED, flags=0x800)}),
        zipped(DOCX)[:-30],
        zipped(DOCX).replace(b"PK\x01\x02", b"PK\x01\x03"),
    ],
    ids=["name-not-utf8", "truncated", "bad-directory"],
)
def test_a_damaged_archive_is_refused_as_damaged(refused, content):
    assert refused("report.docx", content) == (
        "This file is a damaged ZIP archive, which is not accepted: save or export it again and upload the new copy."
    )


@pytest.mark.parametrize(
    "members",
    [
        {"mimetype": zeros(1024), **{name: Member.stored(data) for name, data in DOCX.items()}},
        {"mimetype": Member(zeros(1024).data, 1024 * MB, 0, declared=100), "content.xml": Member.stored(b"<o/>")},
        {"[Content_Types].xml": Member(zeros(1024).data, 1024 * MB, 0, declared=100), "xl/workbook.xml": zeros(1)},
    ],
    ids=["declared-gigabyte", "lying-mimetype", "lying-content-types"],
)
def test_checking_a_bomb_allocates_a_few_megabytes_at_most(members):
    bomb = SimpleUploadedFile("bomb.docx", archive(members))
    tracemalloc.start()
    try:
        with pytest.raises(Exception):  # noqa: B017 - refused, whichever reason; the memory is the point
            check_upload(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * MB, f"{peak:,} bytes"


def test_a_real_workbook_of_highly_packed_xml_is_accepted(accepted):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Budget")
    for row in range(10_000):
        sheet.write_row(row, 0, ["staff", "Project manager", 3000, "EUR", "2026-01-31"])
    workbook.close()
    content = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        sheet_xml = package.getinfo("xl/worksheets/sheet1.xml")
        # Packs ten times, like real Office XML, and is large enough for the ratio to be judged.
        assert sheet_xml.file_size > 10 * sheet_xml.compress_size and sheet_xml.file_size > MB
    body = accepted("budget.xlsx", content)
    assert body["mime_type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Not what it claims ----------------------------------------------------------------------------


def test_a_zip_holding_only_a_web_page_named_docx_is_refused_naming_both(refused):
    detail = refused("report.docx", zipped({"index.html": b"<html><script>alert(1)</script></html>"}))
    assert detail == (
        "The file is named .docx but is a ZIP archive, not a Word document (DOCX), which holds [Content_Types].xml "
        "and word/document.xml: save it again from its program, or upload the file you meant."
    )


@pytest.mark.parametrize(
    ("name", "content", "missing"),
    [
        ("report.docx", {"[Content_Types].xml": CONTENT_TYPES, "word/styles.xml": b"<w/>"}, "word/document.xml"),
        ("report.docx", {"word/document.xml": b"<w/>"}, "[Content_Types].xml"),
        ("report.docx", {"[Content_Types].xml": b"<html/>", "word/document.xml": b"<w/>"}, "[Content_Types].xml"),
        ("budget.xlsx", {"[Content_Types].xml": CONTENT_TYPES, "xl/styles.xml": b"<x/>"}, "xl/workbook.xml"),
        ("slides.pptx", {"[Content_Types].xml": CONTENT_TYPES, "ppt/slides/s1.xml": b"<p/>"}, "ppt/presentation.xml"),
        ("plan.odt", {"content.xml": b"<o/>", "mimetype": b"application/vnd.oasis.opendocument.text"}, "mimetype"),
        ("plan.odt", {"mimetype": b"application/vnd.oasis.opendocument.text"}, "content.xml"),
        ("plan.ods", {"mimetype": b"text/html", "content.xml": b"<o/>"}, "mimetype"),
    ],
    ids=["docx-no-main", "docx-no-types", "docx-types-not-xml", "xlsx", "pptx", "odt-order", "odt-no-content", "ods"],
)
def test_an_office_file_must_be_a_real_package(refused, name, content, missing):
    detail = refused(name, zipped(content))
    assert detail.startswith(f"The file is named {Path(name).suffix} but is a ZIP archive, not ")
    assert missing in detail


@pytest.mark.parametrize(
    ("name", "content", "detail"),
    [
        ("report.xlsx", b"%PDF-1.7 a report", "The file is named .xlsx but is a PDF document: rename it to .pdf"),
        (
            "scan.pdf",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
            "The file is named .pdf but is a PNG image: rename it to .png",
        ),
        (
            "photo.png",
            b"\xff\xd8\xff\xe0" + b"\x00" * 20,
            "The file is named .png but is a JPEG image: rename it to .jpg",
        ),
        ("notes.pdf", b"Minutes of the meeting\n", "The file is named .pdf but is plain text: rename it to .txt"),
        ("photos.html", zipped({"a.jpg": b"\xff\xd8\xff"}), "The file is named .html but is a ZIP archive"),
        (
            "budget.docx",
            zipped({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<x/>"}),
            "The file is named .docx but is an Excel workbook (XLSX): rename it to .xlsx",
        ),
    ],
)
def test_a_name_that_disagrees_with_the_content_is_refused_naming_both(refused, name, content, detail):
    assert refused(name, content).startswith(detail)


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("PHOTO.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("scan", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),  # no extension: the content decides
        ("Minutes 12.03.2026", b"%PDF-1.7 minutes", "application/pdf"),  # digits are no extension
        ("notes.txt", b"Dear partners, the minutes follow.\n", "text/plain"),  # a comma, but named text
        ("hours.csv", b"Ana Kovac 12\n", "text/csv"),
        ("README.md", b"# Handbook\n", "text/plain"),
    ],
)
def test_names_that_agree_with_the_content(accepted, name, content, mime):
    assert accepted(name, content)["mime_type"] == mime


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Type/Catalog>>\nendobj\n<!DOCTYPE html><body onload=alert(1)>",
        b"%PDF-1.7\n" + b"1 0 obj <</Length 9>> stream\n" * 50 + b"< img src=x onerror=alert(1)>",
    ],
    ids=["script", "doctype", "img-later"],
)
def test_a_pdf_carrying_html_is_refused(refused, content):
    assert refused("report.pdf", content).startswith(
        "This file is a PDF carrying HTML (a web page or a script), which is not accepted"
    )


@pytest.mark.parametrize(
    "content",
    [
        weasyprint.HTML(string="<h1>Poročilo &lt;script&gt; o projektu</h1><p>Zażółć gęślą jaźń</p>").write_pdf(
            pdf_variant="pdf/a-3b"
        ),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type/Font/BaseFont/Helvetica>> <48656c6c6f> <a> <</Link 2 0 R>>\n"
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><dc:title>Report</dc:title></rdf:RDF></x:xmpmeta>',
    ],
    ids=["weasyprint-pdf-a", "dictionaries-hex-strings-xmp"],
)
def test_a_real_pdf_with_metadata_and_hexadecimal_strings_is_accepted(accepted, content):
    assert accepted("report.pdf", content)["mime_type"] == "application/pdf"
