"""The pages' URLs: each topic's view module lists its own patterns (``urlpatterns``) and they are joined
here under the ``web`` namespace."""

from django.urls import include, path

from web.views import (
    account,
    claims,
    dashboard,
    deliverables,
    documents,
    notifications,
    periodic_reports,
    projects,
    transitions,
)

app_name = "web"

urlpatterns = [
    path("", include(account.urlpatterns)),
    path("", include(dashboard.urlpatterns)),
    path("", include(projects.urlpatterns)),
    path("", include(deliverables.urlpatterns)),
    path("", include(claims.urlpatterns)),
    path("", include(periodic_reports.urlpatterns)),
    path("", include(documents.urlpatterns)),
    path("", include(notifications.urlpatterns)),
    path("", include(transitions.urlpatterns)),
]
