"""Projects, their partners with budgets."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from projects import access
from projects.access import Role
from projects.models import BudgetLine, Partner, Project, ProjectMembership

from .periods import claim_create
from .records import given_twice, record_create, record_save, record_update


@transaction.atomic
def project_create(*, actor: AbstractBaseUser, data: Mapping[str, Any]) -> Project:
    """Create a project (a proposal); a non-staff creator becomes its coordinator."""
    project = record_create(model=Project, actor=actor, data=data)
    if Role.STAFF not in access.roles_in(actor, None):  # staff start projects for others
        ProjectMembership.objects.create(user=actor, project=project, role=ProjectMembership.Role.COORDINATOR)
    return project


@transaction.atomic
def partner_create(
    *, actor: AbstractBaseUser, data: Mapping[str, Any], budget_lines: Iterable[Mapping[str, Any]] = ()
) -> Partner:
    """Add an organisation to the consortium, with its budget and a claim for every existing period."""
    partner = record_save(instance=Partner(**data), actor=actor)
    _budget_lines_replace(partner=partner, lines=budget_lines)
    for period in partner.project.periods.all():
        claim_create(partner=partner, period=period)
    return partner


@transaction.atomic
def partner_update(
    *,
    actor: AbstractBaseUser,
    partner: Partner,
    data: Mapping[str, Any],
    budget_lines: Iterable[Mapping[str, Any]] | None = None,
) -> Partner:
    """Change a partner; ``budget_lines``, when given, replace the partner's whole budget."""
    record_update(instance=partner, actor=actor, data=data)
    if budget_lines is not None:
        _budget_lines_replace(partner=partner, lines=budget_lines)
    return partner


def _budget_lines_replace(*, partner: Partner, lines: Iterable[Mapping[str, Any]]) -> None:
    """The partner's budget, written whole: each line validated by ``BudgetLine`` (no flat-rate category)."""
    lines = list(lines)
    categories = [line["category"] for line in lines]
    if repeated := given_twice(categories):
        message = gettext("Each cost category once: %(categories)s is given more than once.") % {
            "categories": ", ".join(repeated)
        }
        raise ValidationError({"budget_lines": message})
    partner.budget_lines.exclude(category__in=categories).delete()
    errors = []
    for line in lines:
        row = partner.budget_lines.filter(category=line["category"]).first() or BudgetLine(partner=partner)
        row.category, row.amount = line["category"], line["amount"]
        try:
            row.full_clean()
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        row.save()
    if errors:
        raise ValidationError({"budget_lines": errors})
