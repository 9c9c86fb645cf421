"""SQLite, the embedded default, made to compare text as PostgreSQL does.

SQLite's LIKE ignores case for ASCII letters only, so a search for ``łódź`` would not find ``Łódź``
and ``čebelarstvo`` would not find ``ČEBELARSTVO``. Django's case-insensitive lookups (``icontains``,
``iexact``, ``istartswith`` — the API's ``?search=`` among them) are LIKE on SQLite; the application may
replace SQLite's ``like()`` function, and this module does so with one that folds case in every
alphabet. PostgreSQL needs nothing: its ``UPPER`` is Unicode-aware.
"""

import functools
import re

from django.db.backends.signals import connection_created


@functools.lru_cache(maxsize=512)
def _pattern(like: str, escape: str | None) -> re.Pattern:
    """A LIKE pattern as a regular expression: ``%`` any run, ``_`` one character, ``escape`` quotes the next."""
    parts, characters = [], iter(like)
    for character in characters:
        if character == escape:
            parts.append(re.escape(next(characters, "")))
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(pattern: str | None, value, escape: str | None = None) -> bool | None:
    """SQLite's ``like(pattern, value[, escape])``, case folded in every alphabet; NULL stays NULL."""
    if pattern is None or value is None:
        return None
    return _pattern(pattern, escape).fullmatch(str(value)) is not None


def use_unicode_like(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)


connection_created.connect(use_unicode_like, dispatch_uid="common.database.use_unicode_like")
