"""Writes. Keyword-only, typed and atomic, with the actor passed explicitly so that a change from the
shell, a task or the API is checked and recorded alike.

Every row is validated by the model (``full_clean``: field rules, ``clean()``, constraints) before it
is saved, so a rule lives in one place and a broken one answers with the field and the reason.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from common.errors import ActionForbidden, Conflict
from projects.conversion import MissingRates, RateBook, convert, rate_months
from projects.files import check_upload
from projects.models import (
    BudgetLine,
    Deliverable,
    DeliverableFile,
    Expense,
    FlatRate,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Programme,
    Project,
    ProjectDocument,
    ProjectDocumentFile,
    ProjectMembership,
    ReportingPeriod,
    SupportingDocument,
)
from projects.models.files import FileVersion
from projects.periods import reporting_period_dates
from workflows.services import history

ModelT = TypeVar("ModelT", bound=models.Model)
User = get_user_model()


# --- Generic create, update and delete for rows without rules of their own ---------------------


def _split_many_to_many(model: type[models.Model], data: Mapping[str, Any]) -> tuple[dict, dict]:
    many = {field.name for field in model._meta.many_to_many}
    return {k: v for k, v in data.items() if k not in many}, {k: v for k, v in data.items() if k in many}


@transaction.atomic
def record_create(*, model: type[ModelT], actor: AbstractBaseUser, data: Mapping[str, Any]) -> ModelT:
    """Create one validated row (many-to-many values included)."""
    fields, many = _split_many_to_many(model, data)
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    for name, values in many.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def record_update(*, instance: ModelT, actor: AbstractBaseUser, data: Mapping[str, Any]) -> ModelT:
    """Change the given fields of one row and validate it whole."""
    fields, many = _split_many_to_many(type(instance), data)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name, values in many.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def record_delete(*, instance: models.Model, actor: AbstractBaseUser) -> None:
    instance.delete()


# --- Users ---------------------------------------------------------------------------------------


@transaction.atomic
def user_save(
    *, actor: AbstractBaseUser, data: Mapping[str, Any], user: AbstractBaseUser | None = None
) -> AbstractBaseUser:
    """Create or change a user; the password, when given, is hashed, never stored as sent."""
    data = dict(data)
    password = data.pop("password", None)
    user = user or User()
    for name, value in data.items():
        setattr(user, name, value)
    if password:
        user.set_password(password)
    elif user._state.adding:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


# --- Programmes ----------------------------------------------------------------------------------


@transaction.atomic
def programme_save(
    *, actor: AbstractBaseUser, data: Mapping[str, Any], programme: Programme | None = None
) -> Programme:
    """Create or change a programme; ``flat_rates``, when given, replace its flat rates whole."""
    data = dict(data)
    flat_rates = data.pop("flat_rates", None)
    programme = record_update(instance=programme or Programme(), actor=actor, data=data)
    if flat_rates is None:
        return programme
    flat = {flat_rate["category"] for flat_rate in flat_rates}
    budgeted = sorted(
        set(
            BudgetLine.objects.filter(partner__project__call__programme=programme, category__in=flat).values_list(
                "category", flat=True
            )
        )
        | set(
            Expense.objects.filter(claim__partner__project__call__programme=programme, category__in=flat).values_list(
                "category", flat=True
            )
        )
    )
    if budgeted:
        raise ValidationError(
            {"flat_rates": f"Projects of this programme already budget or claim {', '.join(budgeted)} line by line."}
        )
    programme.flat_rates.exclude(category__in=flat).delete()
    for flat_rate in flat_rates:
        FlatRate.objects.update_or_create(
            programme=programme,
            category=flat_rate["category"],
            defaults={"rate": flat_rate["rate"], "base": list(flat_rate["base"])},
        )
    return programme


# --- Projects, partners and budgets --------------------------------------------------------------


@transaction.atomic
def project_create(*, actor: AbstractBaseUser, data: Mapping[str, Any]) -> Project:
    """Create a project (a proposal); a non-staff creator becomes its coordinator."""
    project = record_create(model=Project, actor=actor, data=data)
    if not actor.is_staff:
        ProjectMembership.objects.create(user=actor, project=project, role=ProjectMembership.Role.COORDINATOR)
    return project


def _check_budget_lines(*, programme: Programme | None, lines: Iterable[Mapping[str, Any]]) -> None:
    categories = [line["category"] for line in lines]
    errors = []
    duplicates = sorted({c for c in categories if categories.count(c) > 1})
    if duplicates:
        errors.append(f"Each cost category once: {', '.join(duplicates)} is given more than once.")
    flat = sorted(set(categories) & (programme.flat_rate_categories if programme else set()))
    if flat:
        errors.append(
            f"{', '.join(flat)} is a flat rate in {programme}: it is computed from the other categories, not budgeted."
        )
    if errors:
        raise ValidationError({"budget_lines": errors})


def _budget_lines_replace(*, partner: Partner, lines: Iterable[Mapping[str, Any]]) -> None:
    lines = list(lines)
    _check_budget_lines(programme=partner.project.programme, lines=lines)
    partner.budget_lines.exclude(category__in=[line["category"] for line in lines]).delete()
    for line in lines:
        BudgetLine.objects.update_or_create(
            partner=partner, category=line["category"], defaults={"amount": line["amount"]}
        )


def _check_single_lead(*, partner: Partner) -> None:
    if partner.role != Partner.Role.LEAD:
        return
    other_lead = Partner.objects.filter(project=partner.project, role=Partner.Role.LEAD).exclude(pk=partner.pk).first()
    if other_lead:
        raise ValidationError({"role": f"{partner.project} already has a lead partner: {other_lead.organisation}."})


@transaction.atomic
def partner_create(
    *, actor: AbstractBaseUser, data: Mapping[str, Any], budget_lines: Iterable[Mapping[str, Any]] = ()
) -> Partner:
    """Add an organisation to the consortium, with its budget and a claim for every existing period."""
    partner = Partner(**data)
    _check_single_lead(partner=partner)
    partner.full_clean()
    partner.save()
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
    for name, value in data.items():
        setattr(partner, name, value)
    _check_single_lead(partner=partner)
    partner.full_clean()
    partner.save()
    if budget_lines is not None:
        _budget_lines_replace(partner=partner, lines=budget_lines)
    return partner


# --- Members -------------------------------------------------------------------------------------


def _check_may_grant(*, actor: AbstractBaseUser, role: str) -> None:
    if role == ProjectMembership.Role.COORDINATOR and not actor.is_staff:
        raise ActionForbidden("Only staff appoint coordinators; coordinators add partners and auditors.")


@transaction.atomic
def membership_create(*, actor: AbstractBaseUser, data: Mapping[str, Any]) -> ProjectMembership:
    _check_may_grant(actor=actor, role=data.get("role"))
    return record_create(model=ProjectMembership, actor=actor, data=data)


@transaction.atomic
def membership_update(
    *, actor: AbstractBaseUser, membership: ProjectMembership, data: Mapping[str, Any]
) -> ProjectMembership:
    _check_may_grant(actor=actor, role=membership.role)
    _check_may_grant(actor=actor, role=data.get("role", membership.role))
    return record_update(instance=membership, actor=actor, data=data)


@transaction.atomic
def membership_delete(*, actor: AbstractBaseUser, membership: ProjectMembership) -> None:
    _check_may_grant(actor=actor, role=membership.role)
    membership.delete()


# --- Periods, reports and claims -----------------------------------------------------------------


def claim_create(*, partner: Partner, period: ReportingPeriod) -> PartnerClaim | None:
    """The partner's claim for the period; associated partners receive no funding and claim nothing."""
    if not partner.is_funded:
        return None
    claim, _ = PartnerClaim.objects.get_or_create(partner=partner, period=period)
    return claim


@transaction.atomic
def reporting_period_create(*, actor: AbstractBaseUser, data: Mapping[str, Any]) -> ReportingPeriod:
    """A period with its periodic report and a draft claim for every funded partner."""
    period = record_create(model=ReportingPeriod, actor=actor, data=data)
    PeriodicReport.objects.create(period=period)
    for partner in Partner.objects.filter(project_id=period.project_id):  # fresh: not a cached list
        claim_create(partner=partner, period=period)
    return period


@transaction.atomic
def reporting_periods_generate(*, project: Project, actor: AbstractBaseUser) -> list[ReportingPeriod]:
    """Back-to-back periods of the programme's length over the project, each with its report and claims.

    Taken when the grant agreement is signed; the last period's report is the final report. Periods
    that staff set up by hand before the signature are kept as they are.
    """
    if project.periods.exists():
        return list(project.periods.all())
    programme = project.programme
    periods = [
        reporting_period_create(
            actor=actor,
            data={
                "project": project,
                "number": dates.number,
                "start_date": dates.start_date,
                "end_date": dates.end_date,
                "report_due_date": dates.report_due_date,
            },
        )
        for dates in reporting_period_dates(
            start_date=project.start_date,
            end_date=project.end_date,
            months=programme.reporting_period_months,
            report_due_days=programme.report_due_days,
        )
    ]
    PeriodicReport.objects.filter(period=periods[-1]).update(is_final=True)
    return periods


@transaction.atomic
def periodic_report_update(
    *, actor: AbstractBaseUser, report: PeriodicReport, data: Mapping[str, Any]
) -> PeriodicReport:
    if report.status != PeriodicReport.Status.OPEN:
        raise Conflict(
            f"The report for period {report.period.number} is {report.get_status_display().lower()}: "
            "it can be edited again only if verification returns it."
        )
    return record_update(instance=report, actor=actor, data=data)


# --- Expenses ------------------------------------------------------------------------------------


def _check_claim_draft(claim: PartnerClaim) -> None:
    if claim.status != PartnerClaim.Status.DRAFT:
        raise Conflict(
            f"The claim of {claim.partner.organisation} for period {claim.period.number} is "
            f"{claim.get_status_display().lower()}: its expenses are frozen."
        )


def _price_in_programme_currency(expense: Expense) -> None:
    """A line paid in the programme's currency counts as it is; any other waits for its rate.

    Rates are frozen on the other lines when the claim is submitted.
    """
    programme = expense.claim.partner.project.programme
    if programme and expense.currency == programme.currency:
        expense.converted_amount = expense.amount
        expense.exchange_rate = Decimal(1)
        expense.rate_basis = f"{programme.currency} is the programme's currency"
    else:
        expense.converted_amount = expense.exchange_rate = None
        expense.rate_basis = ""


@transaction.atomic
def expense_save(*, actor: AbstractBaseUser, expense: Expense) -> Expense:
    """Save a new or changed expense item: only in a draft claim (before and after), priced, validated."""
    if expense.pk:
        _check_claim_draft(Expense.objects.select_related("claim").get(pk=expense.pk).claim)
    _check_claim_draft(expense.claim)
    _price_in_programme_currency(expense)
    expense.full_clean()
    expense.save()
    return expense


def expense_create(*, actor: AbstractBaseUser, data: Mapping[str, Any]) -> Expense:
    return expense_save(actor=actor, expense=Expense(**data))


def expense_update(*, actor: AbstractBaseUser, expense: Expense, data: Mapping[str, Any]) -> Expense:
    for name, value in data.items():
        setattr(expense, name, value)
    return expense_save(actor=actor, expense=expense)


def _claim_rate_book(claim: PartnerClaim, submitted_on: date) -> tuple[RateBook, Programme]:
    programme = claim.partner.project.programme
    currencies = set(claim.expenses.values_list("currency", flat=True)) | {programme.currency}
    months = rate_months(programme=programme, period=claim.period, submitted_on=submitted_on)
    return RateBook(currencies, months), programme


def claim_missing_rates(*, claim: PartnerClaim, submitted_on: date) -> list[str]:
    """What stops the claim's amounts from being converted now: each missing rate, by currency and month."""
    book, programme = _claim_rate_book(claim, submitted_on)
    missing: set[tuple[str, date]] = set()
    for currency in {*claim.expenses.values_list("currency", flat=True)} - {programme.currency}:
        for needed in (currency, programme.currency):
            try:
                book.rate(needed, rule=programme.exchange_rate_rule)
            except MissingRates as error:
                missing.update(error.missing)
    return [
        f"No exchange rate for {currency} in {month:%Y-%m}: add it under exchange rates before submitting."
        for currency, month in sorted(missing)
    ]


@transaction.atomic
def claim_freeze_rates(*, claim: PartnerClaim, submitted_on: date) -> None:
    """Convert every expense of the claim into the programme's currency and keep the rate and its basis.

    Later changes to the rates do not change a submitted claim.
    """
    book, programme = _claim_rate_book(claim, submitted_on)
    for expense in claim.expenses.all():
        conversion = convert(
            amount=expense.amount,
            currency=expense.currency,
            target=programme.currency,
            book=book,
            rule=programme.exchange_rate_rule,
        )
        expense.converted_amount, expense.exchange_rate = conversion.amount, conversion.rate
        expense.rate_basis = conversion.basis
        expense.save(update_fields=["converted_amount", "exchange_rate", "rate_basis"])


@transaction.atomic
def claim_unfreeze_rates(*, claim: PartnerClaim) -> None:
    """A claim returned to its partner is a draft again: lines in other currencies wait for the next submission."""
    for expense in claim.expenses.select_related("claim__partner__project__call__programme"):
        _price_in_programme_currency(expense)
        expense.save(update_fields=["converted_amount", "exchange_rate", "rate_basis"])


@transaction.atomic
def expense_delete(*, actor: AbstractBaseUser, expense: Expense) -> None:
    _check_claim_draft(expense.claim)
    expense.delete()


# --- Stored files --------------------------------------------------------------------------------

VERSIONED = {
    Deliverable: (DeliverableFile, "deliverable"),
    ProjectDocument: (ProjectDocumentFile, "document"),
    Expense: (SupportingDocument, "expense"),
}


def file_version_add(
    *, owner: models.Model, upload: UploadedFile | None, actor: AbstractBaseUser, at: datetime | None = None
) -> FileVersion:
    """Store an upload as the owner's next version: all or nothing, never overwriting an earlier one.

    The content is checked first (size, emptiness, sniffed type); a refused or failed upload leaves
    neither a row nor a stored file. ``at`` replays history (the demo data), like ``transition_take``'s:
    the version carries that upload time; the API never passes it.
    """
    checked = check_upload(upload)
    model, owner_field = VERSIONED[type(owner)]
    row = None
    try:
        with transaction.atomic():
            locked = type(owner).objects.select_for_update().get(pk=owner.pk)  # one version number at a time
            if isinstance(locked, Expense):
                _check_claim_draft(locked.claim)
            latest = model.objects.filter(**{owner_field: locked}).aggregate(latest=Max("version"))["latest"]
            row = model(
                **{owner_field: locked},
                version=(latest or 0) + 1,
                original_name=checked.name,
                size=checked.size,
                sha256=checked.sha256,
                mime_type=checked.sniffed.mime_type,
                uploaded_by=actor,
                uploaded_at=at or timezone.now(),
            )
            row.file.save(checked.name, upload, save=False)  # the storage name is random (upload_to)
            row.save()
    except BaseException:
        if row is not None and row.file.name:
            row.file.storage.delete(row.file.name)
        raise
    return row


@transaction.atomic
def project_document_create(
    *, actor: AbstractBaseUser, data: Mapping[str, Any], upload: UploadedFile | None
) -> ProjectDocument:
    """A project document with its first version; without a valid file there is no document either."""
    check_upload(upload)
    document = record_create(model=ProjectDocument, actor=actor, data=data)
    file_version_add(owner=document, upload=upload, actor=actor)
    return document


# --- Deliverables --------------------------------------------------------------------------------


def last_review_of(deliverable: Deliverable) -> datetime | None:
    """When the coordinator last accepted the deliverable or asked for changes, from the transition log."""
    reviews = history(obj=deliverable).filter(transition__in=["accept", "request_changes"])
    return reviews.order_by("-id").values_list("created_at", flat=True).first()


@transaction.atomic
def deliverable_delete(*, actor: AbstractBaseUser, deliverable: Deliverable) -> None:
    if deliverable.status != Deliverable.Status.PLANNED:
        raise Conflict(
            f"{deliverable.code} is {deliverable.get_status_display().lower()}: only a planned deliverable can be "
            "deleted; waive it instead."
        )
    deliverable.delete()
