"""Routes of generated documents and exports, under /api/."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.include_root_view = False
router.register("documents", views.DocumentViewSet, basename="document")

urlpatterns = [
    re_path(
        r"^projects/(?P<project_id>[0-9]{1,18})/exports/(?P<table>expenses|budget)\.(?P<fmt>csv|xlsx)$",
        views.ExportView.as_view(),
        name="project-export",
    ),
    path("", include(router.urls)),
]
