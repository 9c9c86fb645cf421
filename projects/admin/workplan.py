"""Work packages, milestones, deliverables with their files, project documents and indicators."""

from django.contrib import admin

from projects.models import (
    Deliverable,
    DeliverableFile,
    Indicator,
    IndicatorValue,
    Milestone,
    ProjectDocument,
    ProjectDocumentFile,
    WorkPackage,
)
from workflows.admin import WorkflowAdminMixin

from .base import DomainAdmin, FileVersionAdmin, FileVersionInline, LatestVersionMixin, TabularInline


@admin.register(WorkPackage)
class WorkPackageAdmin(DomainAdmin):
    list_display = ["project", "number", "title", "lead_partner__organisation"]
    list_filter = ["project"]
    search_fields = ["title", "project__acronym"]
    list_select_related = ["project", "lead_partner__organisation"]
    autocomplete_fields = ["project", "lead_partner"]
    ordering = ["project__acronym", "number"]


@admin.register(Milestone)
class MilestoneAdmin(DomainAdmin):
    list_display = ["project", "code", "title", "due_date", "achieved_on"]
    list_filter = ["project", "due_date", "achieved_on"]
    search_fields = ["code", "title", "project__acronym"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    date_hierarchy = "due_date"
    ordering = ["project__acronym", "due_date", "code"]


class DeliverableFileInline(FileVersionInline):
    model = DeliverableFile


@admin.register(Deliverable)
class DeliverableAdmin(LatestVersionMixin, WorkflowAdminMixin, DomainAdmin):
    list_display = [
        "project",
        "code",
        "title",
        "work_package",
        "responsible_partner__organisation",
        "due_date",
        "status",
        "latest_version",
    ]
    list_filter = ["status", "dissemination_level", "type", "project"]
    search_fields = ["code", "title", "description", "project__acronym"]
    list_select_related = ["project", "work_package", "responsible_partner__organisation"]
    autocomplete_fields = ["project", "work_package", "responsible_partner"]
    date_hierarchy = "due_date"
    ordering = ["project__acronym", "due_date", "code"]
    readonly_fields = ["status"]
    inlines = [DeliverableFileInline]
    actions = None  # no bulk delete: one at a time, and only while planned (the transitions stay)

    def has_delete_permission(self, request, obj=None):
        planned = obj is None or obj.status == Deliverable.Status.PLANNED
        return planned and super().has_delete_permission(request, obj)


@admin.register(DeliverableFile)
class DeliverableFileAdmin(FileVersionAdmin):
    fields = ["deliverable", *FileVersionAdmin.fields]
    list_display = ["deliverable__project", "deliverable", *FileVersionAdmin.list_display]
    list_filter = ["deliverable__project", *FileVersionAdmin.list_filter]
    search_fields = ["deliverable__code", "deliverable__project__acronym", *FileVersionAdmin.search_fields]
    list_select_related = ["deliverable__project", "uploaded_by"]
    ordering = ["deliverable__project__acronym", "deliverable__code", "-version"]


class ProjectDocumentFileInline(FileVersionInline):
    model = ProjectDocumentFile


@admin.register(ProjectDocument)
class ProjectDocumentAdmin(LatestVersionMixin, DomainAdmin):
    list_display = ["project", "title", "kind", "partner__organisation", "latest_version"]
    list_filter = ["kind", "project"]
    search_fields = ["title", "project__acronym", "partner__organisation__name"]
    list_select_related = ["project", "partner__organisation"]
    autocomplete_fields = ["project", "partner"]
    ordering = ["project__acronym", "kind", "title"]
    inlines = [ProjectDocumentFileInline]


@admin.register(ProjectDocumentFile)
class ProjectDocumentFileAdmin(FileVersionAdmin):
    fields = ["document", *FileVersionAdmin.fields]
    list_display = ["document__project", "document", *FileVersionAdmin.list_display]
    list_filter = ["document__kind", "document__project", *FileVersionAdmin.list_filter]
    search_fields = ["document__title", "document__project__acronym", *FileVersionAdmin.search_fields]
    list_select_related = ["document__project", "uploaded_by"]
    ordering = ["document__project__acronym", "document__title", "-version"]


class IndicatorValueInline(TabularInline):
    model = IndicatorValue
    autocomplete_fields = ["period"]


@admin.register(Indicator)
class IndicatorAdmin(DomainAdmin):
    list_display = ["project", "code", "name", "unit", "baseline", "target"]
    list_filter = ["project"]
    search_fields = ["code", "name", "project__acronym"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    ordering = ["project__acronym", "code"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(DomainAdmin):
    list_display = ["indicator", "period", "value", "indicator__target"]
    list_filter = ["indicator__project"]
    search_fields = ["indicator__code", "indicator__name", "indicator__project__acronym", "note"]
    list_select_related = ["indicator", "period__project"]
    autocomplete_fields = ["indicator", "period"]
    ordering = ["indicator__project__acronym", "indicator__code", "period__number"]
