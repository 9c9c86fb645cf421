"""Filters of the pages: money, numbers, dates and times in the visitor's language (CLDR formats through
Babel, the same helpers the documents use), people by their names, and a state's label."""

from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_currency, format_decimal, format_percent
from django import template

from common.users import display_name
from reporting.figures import wording

register = template.Library()


def _language() -> str:
    return wording.active_language()


def _locale() -> str:
    return wording.LOCALES[_language()]


@register.filter
def money(value: Decimal | None, currency: str = "") -> str:
    """``1234.5, "EUR"`` → ``€1,234.50`` in English, ``1234,50 €`` in Polish; nothing for an unknown amount."""
    if value is None or value == "":
        return ""
    if not currency:
        return format_decimal(value, format="#,##0.00", locale=_locale())
    return format_currency(value, currency, locale=_locale())


@register.filter
def number(value: Decimal | int | None) -> str:
    """A count or an indicator value with the language's separators and no needless decimals."""
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=_locale())


@register.filter
def percent(value: Decimal | float | None) -> str:
    """``0.42`` → ``42%``."""
    if value is None or value == "":
        return ""
    return format_percent(value, locale=_locale())


@register.filter
def day(value: date | datetime | None) -> str:
    """A date as ``3 Dec 2026`` / ``3 gru 2026`` / ``3. dec. 2026``; a datetime by its day on the instance's clock."""
    return wording.date_text(value, _language())


@register.filter
def moment(value: datetime | None) -> str:
    """A point in time on the instance's clock with its zone: ``3 Dec 2026, 14:05 CET``."""
    return wording.datetime_text(value, _language())


@register.filter
def person(user) -> str:
    """A user by their full name, else their username (``common.users.display_name``)."""
    return display_name(user) if user else ""


@register.filter
def state(obj) -> str:
    """The label of an object's workflow state, as its machine declares it."""
    return obj.get_status_display()


@register.simple_tag(takes_context=True)
def url_with(context, **changes) -> str:
    """The current URL's query string with ``changes`` applied (``None`` removes a key); the page number is
    dropped when anything else changes, so a new filter starts on page 1."""
    query = context["request"].GET.copy()
    if "page" not in changes:
        query.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
