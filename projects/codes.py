"""Countries (ISO 3166-1 alpha-2) and currencies (ISO 4217): the codes from pycountry, their names in
the user's language from Babel's CLDR data (English where a language has no name for one)."""

import pycountry
from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language

COUNTRY_CODES: tuple[str, ...] = tuple(sorted(country.alpha_2 for country in pycountry.countries))
CURRENCY_CODES: tuple[str, ...] = tuple(sorted(currency.alpha_3 for currency in pycountry.currencies))


def _locale() -> Locale:
    try:
        return Locale.parse(get_language() or "en", sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name in the active language), by code."""
    names = _locale().territories
    return [(code, names.get(code) or pycountry.countries.get(alpha_2=code).name) for code in COUNTRY_CODES]


def currency_choices() -> list[tuple[str, str]]:
    """Every currency as (code, name in the active language), by code."""
    names = _locale().currencies
    return [(code, names.get(code) or pycountry.currencies.get(alpha_3=code).name) for code in CURRENCY_CODES]
