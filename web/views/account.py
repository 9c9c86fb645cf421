"""Signing in and out, the forgotten password, the language switch (for a signed-in user also the language of
their e-mails).

``/`` is the sign-in form for a visitor and the dashboard for a signed-in user, so a bookmark of the
instance's address is all anyone needs. Sign-in attempts count against the same throttle as the API's
token endpoint and the admin's form.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from common.api.throttles import throttled_login
from notifications import services as notification_services
from web.views import dashboard


def _too_many_attempts(request: HttpRequest, wait: int) -> HttpResponse:
    return render(
        request,
        "web/errors/error.html",
        {
            "title": _("Too many sign-in attempts"),
            "message": _("Try again in %(seconds)s seconds.") % {"seconds": wait},
        },
    )


_sign_in = throttled_login(
    auth_views.LoginView.as_view(template_name="web/account/sign_in.html", redirect_authenticated_user=True),
    too_many=_too_many_attempts,
)


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return dashboard.show(request)
    return _sign_in(request)


def language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in user's e-mails come in the language they chose for the pages."""
    response = set_language(request)
    chosen = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and chosen in dict(settings.LANGUAGES):
        notification_services.preferences_update(user=request.user, language=chosen)
    return response


urlpatterns = [
    path("", home, name="home"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("language/", language, name="language"),
    path(
        "password/forgotten/",
        auth_views.PasswordResetView.as_view(
            template_name="web/account/password_reset.html",
            email_template_name="web/account/password_reset_email.txt",
            subject_template_name="web/account/password_reset_subject.txt",
            success_url=reverse_lazy("web:password-reset-sent"),
        ),
        name="password-reset",
    ),
    path(
        "password/forgotten/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="web/account/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path(
        "password/new/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/account/password_new.html", success_url=reverse_lazy("web:password-changed")
        ),
        name="password-new",
    ),
    path(
        "password/changed/",
        auth_views.PasswordResetCompleteView.as_view(template_name="web/account/password_changed.html"),
        name="password-changed",
    ),
]
