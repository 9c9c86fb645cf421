"""Tables as CSV and XLSX: the attachments embedded in the PDFs and the exports auditors download.

Both write the same rows (``reporting.figures``), so an export and the PDF it sits beside agree. CSV
is produced row by row for a streaming response; XLSX is written row by row into a temporary file
(xlsxwriter's constant-memory mode), which the response then streams.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.utils import timezone

# A spreadsheet program reads a cell that starts with one of these as a formula: text a partner typed
# (a description, an invoice number) must never run in an auditor's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as typed, never evaluated
    return str(value)


class _Line:
    """A file-like object whose ``write`` hands back what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The header and one CSV line per row (RFC 4180 quoting, decimals with a point, ISO dates)."""
    writer = csv.writer(_Line())
    yield writer.writerow(list(columns))
    for row in rows:
        yield writer.writerow([_text(value) for value in row])


def csv_stream(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the diacritics right."""
    yield "\ufeff".encode()
    for line in csv_lines(columns, rows):
        yield line.encode()


def csv_bytes(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    return b"".join(csv_stream(columns, rows))


def xlsx_file(*, sheet: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> IO[bytes]:
    """An XLSX workbook of one sheet in a temporary file, positioned at its start.

    Amounts stay numbers (two decimals and thousands separators shown), rates keep six decimals, dates
    stay dates.
    """
    output = tempfile.TemporaryFile()  # noqa: SIM115 (returned open: the response streams and closes it)
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "tmpdir": tempfile.gettempdir()})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    rate = workbook.add_format({"num_format": "0.000000"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    columns = list(columns)
    worksheet.write_row(0, 0, columns, bold)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, Decimal):
                # Amounts have two places, exchange rates six: each keeps its own format.
                shown = money if value.as_tuple().exponent == -2 else rate
                worksheet.write_number(index, column, float(value), shown)
            elif isinstance(value, datetime):
                worksheet.write_string(index, column, _text(value))
            elif isinstance(value, date):
                worksheet.write_datetime(index, column, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                worksheet.write_number(index, column, value)
            else:
                worksheet.write_string(index, column, _text(value))
    worksheet.freeze_panes(1, 0)
    workbook.close()
    output.seek(0)
    return output
