"""Notifications and reminders in the admin, read only: they are what the product told people, written by
its services; preferences are changed by their users (the pages, ``PATCH /api/me/``)."""

from django.contrib import admin

from notifications.models import Notification, Preferences, Reminder
from workflows.admin import ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["id", "event", "user", "project", "created_at", "read_at", "delivery", "emailed_at"]
    list_filter = ["event", "delivery"]
    search_fields = ["user__username", "project__acronym"]
    list_select_related = ["user", "project"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["id", "target_type", "target_id", "due_date", "threshold", "sent_at"]
    list_filter = ["threshold", "target_type"]


@admin.register(Preferences)
class PreferencesAdmin(ReadOnlyAdmin):
    list_display = ["user", "language"]
    search_fields = ["user__username"]
    exclude = ["calendar_token"]  # a secret: the user's own to see and reset
