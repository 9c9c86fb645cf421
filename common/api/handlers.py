"""Django's error views for what no API view answers: unknown paths, uncaught exceptions, requests Django
refuses before a view runs, CSRF failures. Under /api/ they answer JSON with ``detail`` like every other API
error; elsewhere Django's own pages (the web pages get theirs later).

With DEBUG on Django shows its debug pages instead of the 404 and 500 handlers.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import csrf, defaults

from common.api.errors import refused_request


def is_api(request: HttpRequest) -> bool:
    return request.path_info == "/api" or request.path_info.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api(request):
        return defaults.page_not_found(request, exception)
    return JsonResponse(
        {"detail": gettext("No API endpoint at %(path)s. The resources are listed at /api/.") % {"path": request.path}},
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Django has already logged the exception (logger ``django.request``) when this runs."""
    if not is_api(request):
        return defaults.server_error(request)
    return JsonResponse(
        {
            "detail": gettext(
                "Server error: it has been logged. Try again later; if it persists, tell the instance's staff."
            )
        },
        status=500,
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Requests Django refuses as it reads them (an oversized body, too many fields, an unknown host)."""
    if not is_api(request):
        return defaults.bad_request(request, exception)
    detail, status = refused_request(exception)
    return JsonResponse({"detail": detail}, status=status)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not is_api(request):
        return defaults.permission_denied(request, exception)
    return JsonResponse({"detail": str(exception) or gettext("You do not have permission to do this.")}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a session-authenticated change without the CSRF token."""
    if not is_api(request):
        return csrf.csrf_failure(request, reason)
    return JsonResponse(
        {
            "detail": gettext(
                "CSRF check failed: %(reason)s With session authentication send the csrftoken cookie's value in the "
                "X-CSRFToken header, or use token authentication."
            )
            % {"reason": reason}
        },
        status=403,
    )
