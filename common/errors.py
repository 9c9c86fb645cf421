"""Typed errors of the services, each with the HTTP status the API answers with.

Services raise them whoever calls (API, admin, shell, task); only the API turns them into responses
(``common.api.errors.exception_handler``). A message is a sentence the user can act on, marked for
translation where it is written (``gettext`` with named placeholders).
"""

from django.utils.translation import gettext


class ServiceError(Exception):
    """Base class: ``message`` for the user, ``reasons`` when there are several."""

    status_code = 400

    def __init__(self, message: str, *, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons or []


class ActionForbidden(ServiceError):
    """The actor's role may never do this (403)."""

    status_code = 403


class Conflict(ServiceError):
    """Not possible in the object's current state: frozen by a transition, or lost a race (409)."""

    status_code = 409


class Gone(ServiceError):
    """The row exists but its stored file does not: lost from the storage, to be restored from backup (410)."""

    status_code = 410


class OutOfScope(ServiceError):
    """The object is outside what the actor may see: for them it does not exist (404)."""

    status_code = 404


class TooLarge(ServiceError):
    """More bytes than the instance accepts: the upload itself, or what an archive unpacks to (413)."""

    status_code = 413


class Invalid(ServiceError):
    """The request itself is wrong: missing comment, failing guards, a rule the data breaks (400)."""

    status_code = 400


def one_of(words: list[str]) -> str:
    """``"a, b or c"``: the alternatives a message names (the words may be lazy translations)."""
    parts = list(filter(None, [", ".join(str(word) for word in words[:-1]), *(str(word) for word in words[-1:])]))
    if len(parts) < 2:
        return "".join(parts)
    # Translators: the last of several alternatives joined to the others, as in "a, b or c".
    return gettext("%(others)s or %(last)s") % {"others": parts[0], "last": parts[1]}
