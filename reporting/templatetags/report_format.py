"""Filters of the printed documents' templates: amounts, counts and rates with thousands separators and their
decimals, a code's human label, and a value as a CSS string for the running header and footer."""

from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


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
