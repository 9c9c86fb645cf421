"""A project as its proposal describes it: the project and its partners with their budgets (written by
the staff user), then its work plan — work packages, deliverables, milestones, indicators (written by
its coordinator).

A partner's budget lines are written with the partner, as the API writes them; once the partner exists
its budget is the project's to change and the demo leaves it alone.
"""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from projects import services
from projects.demo.rows import Index, found_or_created, record
from projects.models import (
    Call,
    Cluster,
    Deliverable,
    Indicator,
    Milestone,
    Organisation,
    Partner,
    Project,
    WorkPackage,
)
from projects.money import to_cents

PROJECT_FIELDS = ("acronym", "title", "summary", "start_date", "end_date")
WORK_PLAN = (  # (model, the key that finds a row again within its project, the data's list)
    (WorkPackage, "number", "work_packages"),
    (Deliverable, "code", "deliverables"),
    (Milestone, "code", "milestones"),
    (Indicator, "code", "indicators"),
)


def load_project(
    spec: Mapping[str, Any],
    *,
    clusters: Mapping[str, Cluster],
    calls: Mapping[tuple[str, str], Call],
    organisations: Mapping[str, Organisation],
    actor: AbstractBaseUser,
) -> Project:
    """The project (a proposal when new) and its consortium."""
    data = {
        **{name: spec[name] for name in PROJECT_FIELDS},
        "cluster": clusters[spec["cluster"]],
        "call": calls[spec["programme"], spec["call"]],
    }
    project = found_or_created(
        Project,
        lookup={"acronym__iexact": spec["acronym"]},  # acronyms are unique regardless of case
        create=lambda: services.project_create(actor=actor, data=data),
    )
    for partner in spec["partners"]:
        data = {"project": project, "organisation": organisations[partner["organisation"]], "role": partner["role"]}
        budget = [{"category": category, "amount": to_cents(amount)} for category, amount in partner["budget"].items()]
        found_or_created(
            Partner,
            lookup={"project": project, "organisation": data["organisation"]},
            create=lambda data=data, budget=budget: services.partner_create(
                actor=actor, data=data, budget_lines=budget
            ),
        )
    return project


def partners_of(project: Project, organisations: Mapping[str, Organisation]) -> Index:
    """The project's partners by the short name the data files give their organisations."""
    by_organisation = {partner.organisation_id: partner for partner in project.partners.all()}
    return Index(
        f"a partner of {project}",
        {name: by_organisation[org.pk] for name, org in organisations.items() if org.pk in by_organisation},
    )


def load_work_plan(
    project: Project, spec: Mapping[str, Any], *, organisations: Mapping[str, Organisation], actor: AbstractBaseUser
) -> None:
    """Work packages, deliverables, milestones and indicators, each found again by its number or code."""
    partners = partners_of(project, organisations)
    work_packages = Index(f"a work package of {project}")
    for model, key, name in WORK_PLAN:
        for item in spec.get(name, []):
            data = _references(item, partners=partners, work_packages=work_packages)
            row = record(model, actor=actor, lookup={"project": project, key: item[key]}, data=data)
            if model is WorkPackage:
                work_packages[row.number] = row


def _references(item: Mapping[str, Any], *, partners: Mapping[str, Partner], work_packages: Mapping) -> dict:
    """The item's fields for its model, the partners and work packages it names made rows; its story
    (a deliverable's history, an indicator's values) is loaded later."""
    data = {key: value for key, value in item.items() if key not in ("history", "values")}
    if "lead" in data:
        data["lead_partner"] = partners[data.pop("lead")]
    if "responsible" in data:
        data["responsible_partner"] = partners[data.pop("responsible")]
    if "work_package" in data:
        data["work_package"] = work_packages[data["work_package"]]
    return data
