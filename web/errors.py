"""Errors as pages in the product's layout and the visitor's language, with a way back.

Django's error views (404, 403, 400, 500 and the CSRF failure) render ``web/errors/error.html`` outside
/api/, where ``common.api.handlers`` answers JSON. A service's typed error that a page view does not handle
itself (a claim that is not the user's, a stale page, a file too large) becomes the same page with the
service's message and its status code, through ``ServiceErrorPages``.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from common.api import handlers
from common.errors import ServiceError

logger = logging.getLogger(__name__)


def _titles() -> dict[int, str]:
    return {
        400: _("The request could not be read"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("This address takes a form, not a visit"),
        409: _("This changed meanwhile"),
        410: _("The file is missing"),
        413: _("The file is too large"),
        500: _("Something went wrong on our side"),
    }


def _explanations() -> dict[int, str]:
    return {
        400: _("Go back, check what you entered and try again."),
        403: _("Your role in this project does not allow this. Ask the project's coordinator if you need it."),
        404: _("There is nothing here, or it is not visible to you."),
        405: _("It is where a form on another page is sent. Go back to that page and use the form there."),
        409: _("Someone changed this while you were looking at it. Reload the page to see it as it is now."),
        410: _("The stored file was lost. The instance's staff can restore it from the backup."),
        413: _("Choose a smaller file and upload it again."),
        500: _("The error has been logged. Try again in a moment; if it persists, tell the instance's staff."),
    }


def error_page(request: HttpRequest, status: int, message: str = "", reasons: list[str] | None = None) -> HttpResponse:
    context = {
        "status": status,
        "title": _titles().get(status, _titles()[400]),
        "message": message or _explanations().get(status, ""),
        "reasons": reasons or [],
    }
    response = render(request, "web/errors/error.html", context, status=status)
    if getattr(request, "htmx", False):
        # An htmx request expected a part of a page: the error page takes the whole window instead.
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if handlers.is_api(request):
        return handlers.not_found(request, exception)
    return error_page(request, 404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if handlers.is_api(request):
        return handlers.permission_denied(request, exception)
    return error_page(request, 403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if handlers.is_api(request):
        return handlers.bad_request(request, exception)
    return error_page(request, 400)


def server_error(request: HttpRequest) -> HttpResponse:
    if handlers.is_api(request):
        return handlers.server_error(request)
    try:
        return error_page(request, 500)
    except Exception:  # the layout itself failed (the database is down): Django's plain page
        logger.exception("The error page could not be rendered")
        return handlers.server_error(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if handlers.is_api(request):
        return handlers.csrf_failure(request, reason)
    return error_page(request, 403, _("The form had expired. Go back, reload the page and send it again."), reasons=[])


class ServiceErrorPages:
    """Middleware: a service's typed error raised in a page view is answered as a page with its status; so is
    a visit to an address that only takes a form's post (Django's bare 405)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not handlers.is_api(request):
            page = error_page(request, 405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ServiceError) or handlers.is_api(request):
            return None
        message = exception.message if exception.status_code != 404 else ""
        return error_page(request, exception.status_code, message, reasons=exception.reasons)
