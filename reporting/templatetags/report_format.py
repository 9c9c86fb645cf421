"""Filters of the printed documents' templates: amounts, counts and rates with thousands separators and their
decimals, dates and times in the documents' one format, texts that wrap only where a reader expects a line
to break, a code's human label, and a value as a CSS string for the running header and footer."""

import re
from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from common.users import display_name
from reporting.figures import wording

register = template.Library()


@register.filter
def person(user) -> str:
    """A user as every document names one (``common.users.display_name``)."""
    return display_name(user)


@register.filter
def money(value: Decimal | None) -> str:
    """``1234567.5`` → ``1,234,567.50``; nothing for an unknown amount."""
    return "" if value is None else f"{value:,.2f}"


@register.filter
def number(value: Decimal | int | None) -> str:
    """A count or indicator value with thousands separators and no needless decimals."""
    if value is None:
        return ""
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value.normalize():,f}"


@register.filter
def rate(value: Decimal | None) -> str:
    """An exchange rate with its six decimals."""
    return "" if value is None else f"{value:,.6f}"


@register.filter
def label(mapping: dict, key: str) -> str:
    """The human label of a code (a cost category), or the code itself."""
    return mapping.get(key, key)


# --- Dates and times ------------------------------------------------------------------------------


def _whole(text: str) -> SafeString:
    """``text`` on one line: a date is not split between its day and its year."""
    return format_html('<span class="whole">{}</span>', text)


@register.filter
def date_text(value: date | datetime | None) -> str:
    """``3 Dec 2026`` (``wording.date_text``), kept on one line."""
    return _whole(wording.date_text(value)) if value else ""


@register.filter
def datetime_text(value: datetime | None) -> str:
    """``3 Dec 2026, 14:05 CET`` (``wording.datetime_text``); a narrow column breaks it after the comma."""
    if value is None:
        return ""
    day, time = wording.datetime_parts(value)
    return format_html("{}, {}", _whole(day), _whole(time))


# --- Texts that wrap where a reader expects -------------------------------------------------------

# A word up to this long is never broken: long Polish or German words ("przedsiębiorczości",
# "Berufsbildungszentrum") fit any column of the documents. Longer runs are URLs, paths, file names,
# pasted hashes: they would push the columns beside them off the page, so they may break.
LONGEST_WHOLE = 40
# A run of this many hexadecimal digits is a hash (SHA-256 has 64): it breaks between groups of 16.
HEX_RUN = re.compile(r"[0-9a-fA-F]{32,}")
HEX_GROUP = 16
# Where a long reference or path may break: after a separator, never before one.
AFTER_SEPARATOR = re.compile(r"(?<=[/_.\-–—:?&=])")
# Characters after which the line-breaking rules of Unicode would break a word ("ŠCV-|R-2025-0042",
# "2025-|01"); a short word holding one is kept whole.
BREAKS_INSIDE = re.compile(r"[-‐–—/]")
TOKEN = re.compile(r"\S+")


def _long_token_pieces(token: str) -> list[str]:
    """A token longer than ``LONGEST_WHOLE``, cut where it may break: hashes into groups of 16, other
    runs after their separators, and what is still too long into pieces of ``HEX_GROUP``."""
    pieces = []
    position = 0
    for run in HEX_RUN.finditer(token):
        pieces += AFTER_SEPARATOR.split(token[position : run.start()])
        pieces += [run.group()[start : start + HEX_GROUP] for start in range(0, len(run.group()), HEX_GROUP)]
        position = run.end()
    pieces += AFTER_SEPARATOR.split(token[position:])
    cut = []
    for piece in filter(None, pieces):
        if len(piece) > LONGEST_WHOLE:
            cut += [piece[start : start + HEX_GROUP] for start in range(0, len(piece), HEX_GROUP)]
        else:
            cut.append(piece)
    return cut


def _wrappable_token(token: str) -> str:
    if len(token) > LONGEST_WHOLE:
        return "<wbr>".join(str(conditional_escape(piece)) for piece in _long_token_pieces(token))
    if BREAKS_INSIDE.search(token):
        return str(_whole(token))
    return str(conditional_escape(token))


@register.filter
def wrappable(value: object) -> str:
    """A text (a description, a comment, a reference) that wraps between words and never inside one.

    Words are kept whole, hyphenated ones and references (``ŠCV-R-2025-0042``) included; only a run too
    long for any column may break, at a point a reader expects: a hash between groups of 16 digits, a
    URL or a path after ``/``, ``-``, ``_`` or ``.``. Line breaks of the text are kept.
    """
    if value is None:
        return ""
    return mark_safe(TOKEN.sub(lambda match: _wrappable_token(match.group()), str(value)))


@register.filter
def css_string(value: object) -> str:
    """``value`` as a quoted CSS string, for ``content:`` in a ``<style>`` block.

    Quotes, backslashes, line breaks and ``<``/``>`` (which could close the style element) become CSS
    escapes; HTML escaping does not apply inside ``<style>``, so the result is marked safe.
    """
    escaped = "".join(
        f"\\{ord(character):x} " if character in '\\"<>&' or ord(character) < 32 else character
        for character in str(value)
    )
    return mark_safe(f'"{escaped}"')
