"""A project's story, replayed through the real transitions and dated as it happened: proposal,
approval, signed mandates, application, award and signed grant agreement; then the reports'
narratives, indicator values, claims with their expenses, and deliverables uploaded, submitted and
reviewed (``data/README.md``, "What a project's story means").

Every step is taken once: a project that has moved on since, a claim submitted, a deliverable with
files or a report no longer open is not replayed over.
"""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from projects import services
from projects.demo.consortium import partners_of
from projects.demo.rows import Index, explained, found_or_created, record
from projects.models import (
    Deliverable,
    Expense,
    Indicator,
    IndicatorValue,
    Organisation,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Project,
    ProjectDocument,
    ReportingPeriod,
)
from projects.money import to_cents
from workflows.services import transition_take

WARSAW = ZoneInfo("Europe/Warsaw")


def tell_story(
    project: Project,
    spec: Mapping[str, Any],
    *,
    organisations: Mapping[str, Organisation],
    coordinator: AbstractBaseUser,
    staff: AbstractBaseUser,
) -> None:
    """Take a new project to its demo status, then fill in what happened once its agreement was signed."""
    if spec["status"] == Project.Status.IN_IMPLEMENTATION and project.status == Project.Status.PROPOSAL:
        _implement(project, spec, coordinator=coordinator, staff=staff)
        project.refresh_from_db()
    if project.status != Project.Status.IN_IMPLEMENTATION:
        return
    periods = Index(f"a period of {project}", {p.number: p for p in project.periods.select_related("report")})
    for number, narrative in spec.get("report_narratives", {}).items():
        _narrate(periods[number].report, narrative, actor=coordinator)
    for indicator in spec.get("indicators", []):
        row = Indicator.objects.get(project=project, code=indicator["code"])
        for value in indicator.get("values", []):
            record(
                IndicatorValue,
                actor=coordinator,
                lookup={"indicator": row, "period": periods[value["period"]]},
                data={"value": value["value"], "note": value.get("note", "")},
            )
    partners = partners_of(project, organisations)
    for claim in spec.get("claims", []):
        _claim(claim, partner=partners[claim["partner"]], period=periods[claim["period"]], actor=coordinator)
    # In the order the histories begin, so that the transition log reads as it happened.
    histories = sorted(
        (d for d in spec.get("deliverables", []) if d.get("history")), key=lambda d: d["history"][0]["day"]
    )
    for deliverable in histories:
        _replay(Deliverable.objects.get(project=project, code=deliverable["code"]), deliverable, actor=coordinator)


def _at(day: date, days: int = 0) -> datetime:
    """Noon in Warsaw, ``days`` after ``day``: when the demo's story says a step was taken."""
    return datetime.combine(day + timedelta(days=days), time(12), tzinfo=WARSAW)


def _take(obj: models.Model, name: str, *, actor: AbstractBaseUser, when: datetime, **options: Any) -> None:
    with explained(f"{obj._meta.verbose_name} {obj} taking {name!r}"):
        transition_take(obj=obj, name=name, actor=actor, at=when, **options)


def _pdf(title: str) -> SimpleUploadedFile:
    """A small PDF named ``title``, standing in for the real document."""
    content = f"%PDF-1.4\n% {title} (demo document)\n%%EOF\n".encode()
    return SimpleUploadedFile(f"{title.replace('/', '-')}.pdf", content, content_type="application/pdf")


def _upload(owner: models.Model, title: str, *, actor: AbstractBaseUser, when: datetime) -> None:
    """A small PDF named ``title`` as the owner's next file version, uploaded by ``actor`` at ``when``."""
    upload = _pdf(title)
    with explained(f"file {upload.name}"):
        services.file_version_add(owner=owner, upload=upload, actor=actor, at=when)


def _implement(project: Project, spec: Mapping[str, Any], *, coordinator, staff) -> None:
    """From proposal to implementation: proposal, approval, mandates and application before the call's
    deadline, award, signed agreement (which creates the reporting periods) before the project starts."""
    opened, deadline = project.call.opens_on, timezone.localtime(project.call.deadline, WARSAW).date()
    _take(project, "submit_proposal", actor=coordinator, when=_at(opened, 14))
    _take(project, "approve_proposal", actor=staff, when=_at(opened, 21), comment="Fits the call.")
    for partner in project.partners.select_related("organisation"):
        title = f"Partnership mandate — {partner.organisation}"
        _signed(project, ProjectDocument.Kind.PARTNERSHIP_MANDATE, title, partner, coordinator, _at(deadline, -10))
    _take(project, "submit_application", actor=coordinator, when=_at(deadline, -2))
    award = {"granted_amount": to_cents(spec["granted_amount"]), "funder_reference": spec["funder_reference"]}
    _take(project, "record_award", actor=staff, when=_at(deadline, 60), payload=award)
    signed_on = project.start_date - timedelta(days=14)
    title = f"Grant agreement {spec['funder_reference']}"
    _signed(project, ProjectDocument.Kind.GRANT_AGREEMENT, title, None, coordinator, _at(signed_on))
    _take(project, "sign_agreement", actor=coordinator, when=_at(signed_on, 1))


def _signed(
    project: Project, kind: str, title: str, partner: Partner | None, actor: AbstractBaseUser, when: datetime
) -> None:
    """A signed document with its first version uploaded at ``when``, unless the project has it already."""
    lookup = {"project": project, "kind": kind, "partner": partner, "title": title}
    found_or_created(
        ProjectDocument,
        lookup=lookup,
        create=lambda: services.project_document_create(actor=actor, data=lookup, upload=_pdf(title), at=when),
    )


def _narrate(report: PeriodicReport, narrative: str, *, actor: AbstractBaseUser) -> None:
    """The report's narrative, unless it has one or is no longer open for editing."""
    if report.narrative or report.status != PeriodicReport.Status.OPEN:
        return
    with explained(f"report for period {report.period.number}"):
        services.periodic_report_update(actor=actor, report=report, data={"narrative": narrative})


def _claim(spec: Mapping[str, Any], *, partner: Partner, period: ReportingPeriod, actor: AbstractBaseUser) -> None:
    """Expense items of a draft claim, found again by their invoice number and entered through the service
    (a line in the programme's currency is priced at once, like one a partner enters); then, if the data
    says so, the claim submitted (which freezes its rates) and certified."""
    claim = PartnerClaim.objects.get(partner=partner, period=period)
    if claim.status != PartnerClaim.Status.DRAFT:
        return  # submitted since the last run: its expenses are frozen, nothing may be added
    for item in spec["expenses"]:
        data = {key: value for key, value in item.items() if key != "document"}
        data = {**data, "claim": claim, "amount": to_cents(item["amount"])}
        expense = found_or_created(
            Expense,
            lookup={"claim": claim, "invoice_number": item["invoice_number"]},
            create=lambda data=data: services.expense_create(actor=actor, data=data),
        )
        if item.get("document", True) and not expense.documents.exists():
            # The scanned invoice, uploaded in the morning of the day the claim goes in (or of the expense).
            day = spec.get("submitted_on") or item["incurred_on"]
            _upload(expense, f"Invoice {item['invoice_number']}", actor=actor, when=_at(day) - timedelta(hours=3))
    if spec.get("submitted_on"):
        _take(claim, "submit", actor=actor, when=_at(spec["submitted_on"]))
    if spec.get("certified_on"):
        comment = "Checked against the invoices and the timesheets."
        _take(claim, "certify", actor=actor, when=_at(spec["certified_on"]), comment=comment)


def _replay(deliverable: Deliverable, spec: Mapping[str, Any], *, actor: AbstractBaseUser) -> None:
    """Uploads, submissions and reviews of a deliverable still planned and without files."""
    if deliverable.status != Deliverable.Status.PLANNED or deliverable.versions.exists():
        return
    for step in spec["history"]:
        if "upload" in step:  # in the morning of the day it is submitted
            _upload(deliverable, step["upload"], actor=actor, when=_at(step["day"]) - timedelta(hours=3))
        else:
            _take(deliverable, step["take"], actor=actor, when=_at(step["day"]), comment=step.get("comment", ""))
