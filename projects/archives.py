"""ZIP archives (DOCX, XLSX, PPTX, ODT, ODS and plain ZIP uploads) looked at without trusting them.

An archive says in its central directory how many members it holds and how large each one unpacks;
a decompression bomb is a small upload whose members unpack to gigabytes. So the directory is walked
first, one entry at a time, keeping only totals and the few names sniffing needs, and the archive is
refused when it declares too many members, too many unpacked bytes, or a packing ratio no real
document has (limits from settings: ``UPLOAD_ARCHIVE_MAX_MEMBERS``, ``UPLOAD_ARCHIVE_MAX_INFLATED``,
``UPLOAD_ARCHIVE_MAX_RATIO``). Only then does :mod:`zipfile` open it, and a member is read at most
``MEMBER_READ_LIMIT`` bytes, streamed, so a member that lies about its size cannot unpack more either.
"""

import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from common.errors import Invalid, TooLarge

MEMBER_READ_LIMIT = 4096  # bytes of a member that sniffing may unpack
RATIO_GRACE = 1024 * 1024  # a member unpacking to less than this is harmless, whatever its ratio
DIRECTORY_BYTES_PER_MEMBER = 1024  # generous: a real entry is 46 bytes plus a path of a few dozen

# The records of the ZIP format (PKWARE APPNOTE 4.3.12–4.3.16) that say where and how large things are.
END = struct.Struct("<4s4H2LH")  # end of central directory
END_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_END = struct.Struct("<4sQ2H2L4Q")
ZIP64_END_SIGNATURE = b"PK\x06\x06"
ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # central directory file header
ENTRY_SIGNATURE = b"PK\x01\x02"
ZIP64_EXTRA = 0x0001
UTF8_NAMES = 0x800  # general purpose flag bit 11: names are UTF-8, not code page 437
MAX_16, MAX_32 = 0xFFFF, 0xFFFFFFFF


def damaged() -> Invalid:
    return Invalid(
        gettext(
            "This file is a damaged ZIP archive, which is not accepted: save or export it again and upload the new "
            "copy."
        )
    )


def _number(value: int) -> str:
    """A count or size as the active language writes it, grouped: 1,048,576 in English."""
    return number_format(value, force_grouping=True)


@dataclass(frozen=True)
class Limits:
    members: int
    inflated: int
    ratio: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            members=settings.UPLOAD_ARCHIVE_MAX_MEMBERS,
            inflated=settings.UPLOAD_ARCHIVE_MAX_INFLATED,
            ratio=settings.UPLOAD_ARCHIVE_MAX_RATIO,
        )


@dataclass
class Directory:
    """What the central directory declares: member count, packed and unpacked totals, the names asked for."""

    first: str = ""
    found: set[str] = field(default_factory=set)
    members: int = 0
    packed: int = 0
    inflated: int = 0


def inspect(file: IO[bytes], *, wanted: Iterable[str], limits: Limits | None = None) -> Directory:
    """Walk the archive's central directory and refuse it if it exceeds the limits (400, or 413 for size).

    ``wanted``: the member names the caller needs to know about (``Directory.found``); every other
    name is only counted, so a directory of a million names costs no memory.
    """
    limits = limits or Limits.from_settings()
    wanted = set(wanted)
    count, size, start = _directory_location(file)
    if count > limits.members:
        raise _too_many(limits)
    if size > max(limits.members, 1) * DIRECTORY_BYTES_PER_MEMBER:  # zipfile will read it whole, after us
        raise Invalid(
            ngettext(
                "The archive's list of contents takes %(size)s bytes, far more than %(limit)s file needs: "
                "it is not accepted.",
                "The archive's list of contents takes %(size)s bytes, far more than %(limit)s files need: "
                "it is not accepted.",
                limits.members,
            )
            % {"size": _number(size), "limit": _number(limits.members)}
        )
    directory = Directory()
    file.seek(start)
    remaining = size
    while remaining > 0:
        header = file.read(ENTRY.size)
        if len(header) < ENTRY.size or header[:4] != ENTRY_SIGNATURE:
            raise damaged()
        fields = ENTRY.unpack(header)
        packed, inflated = fields[10], fields[11]
        name_length, extra_length, comment_length = fields[12], fields[13], fields[14]
        name_bytes = file.read(name_length)
        extra = file.read(extra_length)
        file.seek(comment_length, 1)
        remaining -= ENTRY.size + name_length + extra_length + comment_length
        if MAX_32 in (packed, inflated):
            packed, inflated = _zip64_sizes(extra, packed=packed, inflated=inflated)
        directory.members += 1
        if directory.members > limits.members:
            raise _too_many(limits)
        try:
            name = name_bytes.decode("utf-8" if fields[5] & UTF8_NAMES else "cp437")
        except UnicodeDecodeError as error:  # zipfile would fail on it too
            raise damaged() from error
        if directory.members == 1:
            directory.first = name
        if name in wanted:
            directory.found.add(name)
        directory.packed += packed
        directory.inflated += inflated
        if directory.inflated > limits.inflated:  # said before the ratio: a bomb is first of all too large
            raise TooLarge(
                gettext("The archive unpacks to at least %(size)s bytes; the limit is %(limit)s bytes.")
                % {"size": _number(directory.inflated), "limit": _number(limits.inflated)}
            )
        _check_ratio(name, packed=packed, inflated=inflated, limits=limits)
    if directory.inflated > RATIO_GRACE and directory.inflated > limits.ratio * directory.packed:
        if directory.packed:
            message = gettext(
                "The archive unpacks to %(ratio)s times its packed size; at most %(limit)s times is accepted "
                "(more is the mark of a decompression bomb)."
            )
        else:
            message = gettext(
                "The archive unpacks to infinitely many times its packed size; at most %(limit)s times is accepted "
                "(more is the mark of a decompression bomb)."
            )
        raise Invalid(message % {"ratio": _ratio(directory.packed, directory.inflated), "limit": _number(limits.ratio)})
    return directory


def read_member(archive: zipfile.ZipFile, name: str, limit: int = MEMBER_READ_LIMIT) -> bytes:
    """At most ``limit`` unpacked bytes of a member, streamed: never the whole member, whatever it declares."""
    try:
        with archive.open(name) as member:
            return member.read(limit)
    except RuntimeError as error:  # zipfile's way of saying the member is encrypted
        raise Invalid(
            gettext(
                "This file is an encrypted ZIP archive, which is not accepted: remove the password and upload it again."
            )
        ) from error
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as error:
        raise damaged() from error


def _directory_location(file: IO[bytes]) -> tuple[int, int, int]:
    """The central directory's member count, size and start, from the end record (ZIP64 where present)."""
    file.seek(0, 2)
    length = file.tell()
    tail_start = max(0, length - END.size - MAX_16)  # the end record, then a comment of at most 64 KiB
    file.seek(tail_start)
    tail = file.read()
    position = tail.rfind(END_SIGNATURE)
    if position < 0 or len(tail) - position < END.size:
        raise damaged()
    _, _, _, _, count, size, offset, _ = END.unpack(tail[position : position + END.size])
    end = tail_start + position
    if count == MAX_16 or MAX_32 in (size, offset):
        locator = tail[position - ZIP64_LOCATOR.size : position] if position >= ZIP64_LOCATOR.size else b""
        if len(locator) < ZIP64_LOCATOR.size or locator[:4] != ZIP64_LOCATOR_SIGNATURE:
            if count == MAX_16 and MAX_32 not in (size, offset):
                return count, size, end - size  # exactly 65,535 members, written without ZIP64
            raise damaged()
        zip64_at = ZIP64_LOCATOR.unpack(locator)[2]
        file.seek(zip64_at)
        record = file.read(ZIP64_END.size)
        if len(record) < ZIP64_END.size or record[:4] != ZIP64_END_SIGNATURE:
            raise damaged()
        fields = ZIP64_END.unpack(record)
        count, size, end = fields[7], fields[8], zip64_at
    if size > end:
        raise damaged()
    return count, size, end - size  # where the directory really is, even with bytes before the archive


def _zip64_sizes(extra: bytes, *, packed: int, inflated: int) -> tuple[int, int]:
    """The 64-bit sizes of a ZIP64 extra field: present, in this order, for each 32-bit field set to 0xFFFFFFFF."""
    position = 0
    while position + 4 <= len(extra):
        kind, length = struct.unpack_from("<2H", extra, position)
        data = extra[position + 4 : position + 4 + length]
        position += 4 + length
        if kind != ZIP64_EXTRA:
            continue
        values = [value for (value,) in struct.iter_unpack("<Q", data[: len(data) // 8 * 8])]
        if inflated == MAX_32 and values:
            inflated = values.pop(0)
        if packed == MAX_32 and values:
            packed = values.pop(0)
        return packed, inflated
    raise damaged()


def _check_ratio(name: str, *, packed: int, inflated: int, limits: Limits) -> None:
    if inflated > RATIO_GRACE and inflated > limits.ratio * packed:
        shown = name if len(name) <= 100 else name[:97] + "…"
        if packed:
            message = gettext(
                "Inside the archive, %(member)s unpacks to %(ratio)s times its packed size; at most %(limit)s times "
                "is accepted (more is the mark of a decompression bomb)."
            )
        else:
            message = gettext(
                "Inside the archive, %(member)s unpacks to infinitely many times its packed size; at most %(limit)s "
                "times is accepted (more is the mark of a decompression bomb)."
            )
        raise Invalid(message % {"member": shown, "ratio": _ratio(packed, inflated), "limit": _number(limits.ratio)})


def _ratio(packed: int, inflated: int) -> str:
    """How many times its packed size a member unpacks to (said only when something is packed)."""
    return _number(inflated // packed) if packed else ""


def _too_many(limits: Limits) -> Invalid:
    return Invalid(
        ngettext(
            "The archive holds more than %(limit)s file; at most %(limit)s is accepted.",
            "The archive holds more than %(limit)s files; at most %(limit)s are accepted.",
            limits.members,
        )
        % {"limit": _number(limits.members)}
    )
