"""How the documents put dates, times and workflow codes into words: one helper for each, used by every
template (through the ``report_format`` filters) and by the figures wherever they turn one into text.

Dates: one format per language, CLDR's "medium" date through Babel (``3 Dec 2026`` in English,
``3 gru 2026`` in Polish, ``3. dec. 2026`` in Slovenian), so a reader never meets ``2026-12-03`` in one
table and ``03.12.2026`` in the next. English is British English: day, month, year, as everywhere else
in Europe, where ``Dec 3, 2026`` reads as American.

Times: converted to the instance's time zone (``settings.TIME_ZONE``), whatever zone was stored or is
active in the request that asked for the document, and named by its abbreviation (``CET``, ``CEST``):
a reader in another country knows which clock it is, and a summer row says so.

Codes: a transition or state is named by its label in the workflow registry (``Approve the proposal``,
not ``approve_proposal``); a code the registry no longer knows (a row logged before a rename) is shown
as it was logged, rather than hidden.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from django.conf import settings
from django.utils.translation import get_language

from workflows import registry

# The documents are written in English: it is the only language their templates have. A document
# language (DESIGN.md lists en, pl and sl) would be passed to these helpers as ``language``.
DOCUMENT_LANGUAGE = "en"
# The CLDR locale whose formats each language's documents use.
LOCALES = {"en": "en_GB", "pl": "pl_PL", "sl": "sl_SI"}


def active_language() -> str:
    """The active language (the request's, or one an override set) as one these formats know; else English."""
    language = (get_language() or DOCUMENT_LANGUAGE).split("-")[0]
    return language if language in LOCALES else DOCUMENT_LANGUAGE


def _locale(language: str) -> str:
    return LOCALES[language]


def time_zone() -> str:
    """The instance's time zone, as its IANA name (``Europe/Warsaw``): the clock of every time printed."""
    return settings.TIME_ZONE


def local_time(value: datetime) -> datetime:
    """``value`` on the instance's clock (``settings.TIME_ZONE``)."""
    return value.astimezone(ZoneInfo(time_zone()))


def date_text(value: date | datetime | None, language: str = DOCUMENT_LANGUAGE) -> str:
    """``3 Dec 2026``; a datetime by its date in the instance's time zone; nothing for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_time(value).date()
    return format_date(value, format="medium", locale=_locale(language))


def datetime_parts(value: datetime, language: str = DOCUMENT_LANGUAGE) -> tuple[str, str]:
    """The date and the time with its zone, on the instance's clock: (``3 Dec 2026``, ``14:05 CET``)."""
    local = local_time(value)
    time = format_time(local, format="short", locale=_locale(language))
    return date_text(local.date(), language), f"{time} {local.tzname()}"


def datetime_text(value: datetime | None, language: str = DOCUMENT_LANGUAGE) -> str:
    """``3 Dec 2026, 14:05 CET``: a point in time on the instance's clock, its zone named."""
    return "" if value is None else ", ".join(datetime_parts(value, language))


def transition_label(machine: str, name: str) -> str:
    """The label of transition ``name`` of workflow ``machine``, as the registry declares it."""
    found = registry.get(machine)
    transition = found.get(name) if found else None
    # The registry's labels are lazy translations: text, in the active language (a document's: English).
    return str(transition.label) if transition else name


def state_label(machine: str, state: str) -> str:
    """The label of ``state`` of workflow ``machine``, as the registry declares it."""
    found = registry.get(machine)
    return str(found.states.get(state, state)) if found else state
