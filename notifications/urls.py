"""The calendar feed, outside /api/: calendar clients fetch it without signing in, by its secret token."""

from django.urls import path

from notifications import views

urlpatterns = [path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed")]
