"""Every API error as JSON: the services' typed errors, model validation errors and DRF's own."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import ServiceError


def exception_handler(exc, context):
    """DRF's handler, plus the services' typed errors and Django's model validation errors.

    - ``ServiceError`` → its status, ``{detail, reasons}``;
    - ``django.core.exceptions.ValidationError`` (model ``clean()`` and constraints) → 400 with the
      fields named, like a serializer error;
    - ``ProtectedError`` (deleting something other rows depend on) → 409.
    """
    if isinstance(exc, ServiceError):
        body = {"detail": exc.message}
        if exc.reasons:
            body["reasons"] = exc.reasons
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = as_serializer_error(exc)
        if NON_FIELD_ERRORS in detail:  # a rule of the whole row (clean(), a constraint): named as DRF names it
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        # A bare list (e.g. from the search filter) becomes an object like every other error.
        exc = exceptions.ValidationError({"detail": " ".join(str(message) for message in exc.detail)})
    if isinstance(exc, ProtectedError):
        names = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        return Response(
            {"detail": f"It cannot be deleted while it has {', '.join(names)}: they keep its history."},
            status=409,
        )
    return drf_exception_handler(exc, context)
