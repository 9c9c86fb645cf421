"""Create, change and delete one row: allowed by the access policy (``access.require_write``) and validated
by its model (``full_clean``), whoever calls. The topic services build on these."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from projects import access

ModelT = TypeVar("ModelT", bound=models.Model)


def given_twice(values: list[str]) -> list[str]:
    """The values a list names more than once (a request that writes a list whole, e.g. a budget)."""
    return sorted({value for value in values if values.count(value) > 1})


@transaction.atomic
def record_save(*, instance: ModelT, actor: AbstractBaseUser) -> ModelT:
    """Validate and save a new or changed row, if the actor may write it as it was stored and as it will
    be (so that nobody moves a row into or out of a project they may not change)."""
    if not instance._state.adding:
        access.require_write(actor, type(instance)._default_manager.get(pk=instance.pk))
    access.require_write(actor, instance)
    instance.full_clean()
    instance.save()
    return instance


def _split_many_to_many(model: type[models.Model], data: Mapping[str, Any]) -> tuple[dict, dict]:
    many = {field.name for field in model._meta.many_to_many}
    return {k: v for k, v in data.items() if k not in many}, {k: v for k, v in data.items() if k in many}


@transaction.atomic
def record_create(*, model: type[ModelT], actor: AbstractBaseUser, data: Mapping[str, Any]) -> ModelT:
    """Create one row (many-to-many values included)."""
    fields, many = _split_many_to_many(model, data)
    instance = record_save(instance=model(**fields), actor=actor)
    for name, values in many.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def record_update(*, instance: ModelT, actor: AbstractBaseUser, data: Mapping[str, Any]) -> ModelT:
    """Change the given fields of one row."""
    fields, many = _split_many_to_many(type(instance), data)
    for name, value in fields.items():
        setattr(instance, name, value)
    record_save(instance=instance, actor=actor)
    for name, values in many.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def record_delete(*, instance: models.Model, actor: AbstractBaseUser) -> None:
    access.require_write(actor, instance)
    instance.delete()
