"""Generated documents in the admin: read only; they are requested through the API or the shell."""

from django.contrib import admin

from reporting.models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "project", "period", "status", "progress", "pages", "requested_by", "created_at"]
    list_filter = ["kind", "status", "project"]
    search_fields = ["project__acronym", "sha256"]
    readonly_fields = [field.name for field in GeneratedDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
