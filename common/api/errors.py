"""Every API error as JSON: the services' typed errors, model validation errors and DRF's own."""

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.utils.translation import gettext
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
    - ``ProtectedError`` (deleting something other rows depend on) → 409;
    - a request Django refuses as the view reads it (``SuspiciousOperation``: an oversized body is 413).
    """
    if isinstance(exc, SuspiciousOperation):
        detail, status = refused_request(exc)
        return Response({"detail": detail}, status=status)
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
            {
                "detail": gettext("It cannot be deleted while it has %(dependents)s: they keep its history.")
                % {"dependents": ", ".join(names)}
            },
            status=409,
        )
    return drf_exception_handler(exc, context)


def refused_request(exc: Exception) -> tuple[str, int]:
    """What to tell a client whose request Django refused while reading it, and the status."""
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return (
            gettext(
                "The request body is larger than %(limit)s bytes (%(megabytes)s MB), the most the API reads "
                "(DATA_UPLOAD_MAX_MEMORY_SIZE). Files are uploaded as multipart form data, where they do not count "
                "towards this limit."
            )
            % {"limit": f"{limit:,}", "megabytes": f"{limit / 1024 / 1024:.1f}"},
            413,
        )
    if isinstance(exc, TooManyFieldsSent):
        return gettext("The request has more than %(count)s parameters or fields.") % {
            "count": f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}"
        }, 400
    if isinstance(exc, TooManyFilesSent):
        return gettext("The request has more than %(count)s files.") % {
            "count": f"{settings.DATA_UPLOAD_MAX_NUMBER_FILES:,}"
        }, 400
    return gettext("The request was refused as malformed."), 400
