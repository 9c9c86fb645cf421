"""What every part of the loader shares: finding a row again or creating it through a service, and
turning a refusal into an error that names the demo row."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models

from common.errors import ServiceError
from projects import services

ModelT = TypeVar("ModelT", bound=models.Model)


class DemoDataError(Exception):
    """A demo row breaks a rule of the domain: the data files, or the domain, need a fix."""


class Index(dict):
    """Rows by the name the data files use for them; an unknown name says what the data lacks."""

    def __init__(self, what: str, *args: Any) -> None:
        super().__init__(*args)
        self.what = what

    def __missing__(self, key: Any) -> Any:
        raise DemoDataError(f"The demo data names {self.what} {key!r}, which it does not define: check the spelling.")


@contextmanager
def explained(what: str) -> Iterator[None]:
    """Turn a service's refusal of the demo's ``what`` into a ``DemoDataError`` that names it."""
    try:
        yield
    except ValidationError as error:
        raise DemoDataError(f"The demo's {what} breaks a rule of the model: {' '.join(error.messages)}") from error
    except ServiceError as error:
        reasons = "".join(f" {reason}" for reason in error.reasons)
        raise DemoDataError(f"The demo's {what} is refused: {error.message}{reasons}") from error


def found_or_created(model: type[ModelT], *, lookup: Mapping[str, Any], create: Callable[[], ModelT]) -> ModelT:
    """The row found by its natural key, or the one ``create`` writes through a service.

    A row that exists is returned as it is: loading again never overwrites what was changed since.
    """
    found = model._default_manager.filter(**lookup).first()
    if found is not None:
        return found
    with explained(f"{model._meta.verbose_name} ({', '.join(f'{key}={value}' for key, value in lookup.items())})"):
        return create()


def record(
    model: type[ModelT], *, actor: AbstractBaseUser, lookup: Mapping[str, Any], data: Mapping[str, Any]
) -> ModelT:
    """A row without a service of its own, found by ``lookup`` or created with ``data`` by ``actor``."""
    return found_or_created(
        model, lookup=lookup, create=lambda: services.record_create(model=model, actor=actor, data={**lookup, **data})
    )
