"""Routes of notifications, the user's preferences and the calendar feed's address, under /api/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.include_root_view = False
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/calendar/", views.CalendarView.as_view(), name="me-calendar"),
    path("me/calendar/reset/", views.CalendarResetView.as_view(), name="me-calendar-reset"),
    path("", include(router.urls)),
]
