"""Generated documents in the admin, read only: they are requested through the API and rendered by a task."""

from django.contrib import admin

from reporting.models import GeneratedDocument
from workflows.admin import ReadOnlyAdmin


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "project", "period", "status", "progress", "pages", "requested_by", "created_at"]
    list_filter = ["kind", "status", "project"]
    search_fields = ["project__acronym", "sha256"]
    list_select_related = ["project", "period", "requested_by"]
