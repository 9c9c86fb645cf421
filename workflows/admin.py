"""Workflows in the admin: every object's history, and its transitions as admin actions.

The actions go through the same transition service as the API, so roles, guards and the log apply;
a transition that needs a comment or declares a payload asks for them first (``transition_form``).
"""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join

from common.errors import ServiceError
from workflows import registry
from workflows.models import TransitionLog
from workflows.services import history, transition_take


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the application writes: the admin shows them and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    """The log, read-only: it is append-only and chained (manage.py verify_transition_log)."""

    list_display = ["created_at", "machine", "object_type", "object_id", "transition", "source", "target", "actor"]
    list_filter = ["machine", "transition"]
    search_fields = ["comment", "hash", "actor__username"]
    list_select_related = ["actor"]


def transition_form(declared: registry.Transition) -> type[forms.Form]:
    """A form for taking one transition: its comment and the payload fields it declares."""
    fields = {"comment": forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=declared.comment_required)}
    for field in declared.payload:
        label = str(field.label)  # a lazy translation: in the active language, then capitalised
        label = label[0].upper() + label[1:]
        if field.kind is registry.PayloadKind.AMOUNT:
            fields[field.name] = forms.DecimalField(
                label=label, max_digits=14, decimal_places=2, required=field.required, help_text=field.help_text
            )
        else:
            fields[field.name] = forms.CharField(
                label=label, max_length=field.max_length, required=field.required, help_text=field.help_text
            )
    return type(f"{declared.name.title().replace('_', '')}Form", (forms.Form,), fields)


def _transition_action(machine: registry.Machine, declared: registry.Transition):
    def take(model_admin, request, queryset):
        form_class = transition_form(declared)
        if "apply" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
                comment = data.pop("comment", "")
                for obj in queryset:
                    try:
                        transition_take(obj=obj, name=declared.name, actor=request.user, comment=comment, payload=data)
                        model_admin.message_user(
                            request, f"{machine.describe(obj)}: {str(declared.label).lower()} — done."
                        )
                    except ServiceError as error:
                        detail = " ".join([error.message, *error.reasons])
                        model_admin.message_user(request, f"{machine.describe(obj)}: {detail}", messages.ERROR)
                return None
        else:
            form = form_class()
        return TemplateResponse(
            request,
            "admin/workflows/transition_confirm.html",
            {
                **model_admin.admin_site.each_context(request),
                "title": declared.label,
                "transition": declared,
                "objects": queryset,
                "form": form,
                "action": request.POST.get("action"),
                "opts": model_admin.model._meta,
            },
        )

    take.__name__ = f"transition_{declared.name}"
    return take, take.__name__, f"Transition: {str(declared.label).lower()}"


class WorkflowAdminMixin:
    """For a model with a registered machine: its transitions as actions and its history on the page."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        machine = registry.for_model(self.model)
        for declared in machine.transitions:
            action = _transition_action(machine, declared)
            actions[action[1]] = action
        return actions

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "workflow_history"]

    @admin.display(description="History")
    def workflow_history(self, obj):
        rows = history(obj=obj) if obj and obj.pk else []
        if not rows:
            return "No transitions yet."
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td><td>{}</td></tr>",
            (
                (f"{row.created_at:%Y-%m-%d %H:%M}", row.transition, row.source, row.target, row.actor, row.comment)
                for row in rows
            ),
        )
        return format_html(
            "<table><tr><th>When</th><th>Transition</th><th>States</th><th>By</th><th>Comment</th></tr>{}</table>", body
        )
