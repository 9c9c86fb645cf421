"""Taking a transition from a page: one form per transition, whatever the machine.

The buttons come from ``transitions_available`` (who may take which transition now, and every reason why
not); each form carries the comment box and the payload fields its transition declares. The post goes to
the transition service like the API's: a blocked or stale transition comes back to the page with the
reasons, nothing changed.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.errors import Conflict, Invalid
from web.context import posted_next
from workflows import registry
from workflows.registry import PayloadField, PayloadKind
from workflows.services import COMMENT_MAX_LENGTH, transition_take, transitions_available

# The page of each machine's objects, where a transition taken there comes back to.
PAGES = {
    "project": "web:project",
    "deliverable": "web:deliverable",
    "partner_claim": "web:claim",
    "periodic_report": "web:periodic-report",
}


def page_of(obj: models.Model) -> str:
    machine = registry.for_model(type(obj))
    return reverse(PAGES[machine.name], args=[obj.pk])


def _payload_field(declared: PayloadField) -> forms.Field:
    if declared.kind is PayloadKind.AMOUNT:
        return forms.DecimalField(
            label=declared.label[0].upper() + declared.label[1:],
            help_text=declared.help_text,
            required=declared.required,
            decimal_places=2,
            min_value=0,
        )
    return forms.CharField(
        label=declared.label[0].upper() + declared.label[1:],
        help_text=declared.help_text,
        required=declared.required,
        max_length=declared.max_length,
    )


def transition_form(
    declared: registry.Transition, comment_required: bool | None = None, comment_asks: list[str] = ()
) -> type[forms.Form]:
    """The form a transition needs: its comment (required as declared, or now, when a reason asks for it —
    e.g. a late submission's justification) and its payload fields."""
    required = declared.comment_required if comment_required is None else comment_required
    fields = {
        "comment": forms.CharField(
            label=_("Comment") if required else _("Comment (optional)"),
            help_text=" ".join(comment_asks),
            required=required,
            max_length=COMMENT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    }
    fields.update({field.name: _payload_field(field) for field in declared.payload})
    return type(f"{declared.name.title()}Form", (forms.Form,), fields)


@dataclass(frozen=True)
class TransitionOption:
    """One transition leaving the object's state as a page shows it: a button with its form, or the reasons
    it is blocked."""

    name: str
    label: str
    target_label: str
    allowed: bool
    reasons: list[str]
    form: forms.Form
    action: str


def transition_options(obj: models.Model, user) -> list[TransitionOption]:
    """What ``user`` sees of the transitions leaving ``obj``'s state. A transition their role may never take is
    left out (an auditor sees no buttons); one they may take but that is blocked is shown with its reasons."""
    machine = registry.for_model(type(obj))
    roles = machine.roles_of(user, obj)
    options = []
    for available in transitions_available(obj=obj, actor=user):
        declared = machine.get(available["name"])
        if not roles & declared.roles:
            continue
        options.append(
            TransitionOption(
                name=declared.name,
                label=str(declared.label),
                target_label=str(machine.states[declared.target]),
                allowed=available["allowed"],
                reasons=available["reasons"],
                form=transition_form(declared, available["comment_required"], available["comment_asks"])(
                    auto_id=f"id_{declared.name}_%s"
                ),
                action=reverse("web:transition", args=[machine.name, obj.pk, declared.name]),
            )
        )
    return options


@login_required
@require_POST
def take(request: HttpRequest, machine: str, pk: int, name: str) -> HttpResponse:
    found = registry.get(machine)
    if found is None or found.get(name) is None or machine not in PAGES:
        raise Http404
    obj = found.model.objects.filter(pk=pk).first()
    if obj is None:  # one that exists but is not the user's is refused by the service alike (404)
        raise Http404
    back = posted_next(request)
    payload = {field.name: request.POST.get(field.name) for field in found.get(name).payload}
    try:
        transition_take(
            obj=obj, name=name, actor=request.user, comment=request.POST.get("comment", ""), payload=payload
        )
    except Invalid as error:  # every reason at once, on the page the button was pressed on
        for text in [error.message, *error.reasons]:
            messages.error(request, text)
    except Conflict as error:  # the page was stale: show the object as it is now
        messages.warning(request, error.message)
    else:
        messages.success(request, _("Done: %(transition)s.") % {"transition": found.get(name).label})
    return redirect(back or page_of(obj))


urlpatterns = [
    path("transitions/<str:machine>/<int:pk>/<str:name>/", take, name="transition"),
]
