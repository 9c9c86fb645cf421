"""factory_boy factories for the domain: each builds a valid row with its parents.

``project_with_every_row`` builds a whole project with a row of every model, going through the
services where users would (periods with their reports and claims, expenses, uploads). The ``world``
fixture (tests/conftest.py) is one such project with names; the admin tests build two.
"""

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from projects import models, services
from reporting.models import GeneratedDocument

User = get_user_model()
PDF = "application/pdf"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Faker("email")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="sl_SI")
    password = factory.django.Password("test-password-123")

    class Params:
        staff = factory.Trait(is_staff=True)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Faker("company", locale="pl_PL")
    kind = models.Organisation.Kind.SCHOOL
    country = "PL"
    city = factory.Faker("city", locale="pl_PL")
    pic = factory.Sequence(lambda n: f"{900000000 + n}")


class ClusterFactory(DjangoModelFactory):
    """A cluster; ``members=[…]`` sets its member organisations."""

    class Meta:
        model = models.Cluster
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Klaster edukacyjny {n}")
    country = "PL"
    coordinating_organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = models.Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    code = factory.Sequence(lambda n: f"programme-{n}")
    currency = "EUR"
    reporting_period_months = 12


class FlatRateFactory(DjangoModelFactory):
    """Office and administration at 15 % of staff costs, unless told otherwise."""

    class Meta:
        model = models.FlatRate

    programme = factory.SubFactory(ProgrammeFactory)
    category = models.CostCategory.OFFICE_ADMIN
    rate = Decimal("15.00")
    base = factory.LazyFunction(lambda: [models.CostCategory.STAFF])


class CallFactory(DjangoModelFactory):
    class Meta:
        model = models.Call

    programme = factory.SubFactory(ProgrammeFactory)
    identifier = factory.Sequence(lambda n: f"CALL-{n}")
    title = factory.Faker("sentence", nb_words=4)
    opens_on = datetime.date(2026, 1, 1)
    deadline = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    co_financing_rate = Decimal("80.00")
    max_grant = Decimal("500000.00")


class ProjectFactory(DjangoModelFactory):
    """A proposal running 2026–2027 under a call of its own."""

    class Meta:
        model = models.Project

    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    title = factory.Faker("sentence", nb_words=5)
    summary = factory.Faker("paragraph")
    cluster = factory.SubFactory(ClusterFactory)
    call = factory.SubFactory(CallFactory)
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2027, 12, 31)


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = models.Partner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = models.Partner.Role.PARTNER

    class Params:
        lead = factory.Trait(role=models.Partner.Role.LEAD)
        associated = factory.Trait(role=models.Partner.Role.ASSOCIATED)


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = models.BudgetLine

    partner = factory.SubFactory(PartnerFactory)
    category = models.CostCategory.STAFF
    amount = Decimal("10000.00")


class ProjectMembershipFactory(DjangoModelFactory):
    """A coordinator by default; ``partner=True`` (for ``organisation``, else a new partner's) or ``auditor=True``."""

    class Meta:
        model = models.ProjectMembership

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory(ProjectFactory)
    role = models.ProjectMembership.Role.COORDINATOR

    class Params:
        partner = factory.Trait(
            role=models.ProjectMembership.Role.PARTNER,
            organisation=factory.LazyAttribute(lambda member: PartnerFactory(project=member.project).organisation),
        )
        auditor = factory.Trait(role=models.ProjectMembership.Role.AUDITOR)


class WorkPackageFactory(DjangoModelFactory):
    class Meta:
        model = models.WorkPackage

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Faker("sentence", nb_words=3)


class DeliverableFactory(DjangoModelFactory):
    """A planned deliverable whose work package and responsible partner are in its project."""

    class Meta:
        model = models.Deliverable

    project = factory.SubFactory(ProjectFactory)
    work_package = factory.SubFactory(WorkPackageFactory, project=factory.SelfAttribute("..project"))
    responsible_partner = factory.SubFactory(PartnerFactory, project=factory.SelfAttribute("..project"))
    code = factory.Sequence(lambda n: f"D{n}.1")
    title = factory.Faker("sentence", nb_words=4)
    due_date = datetime.date(2026, 6, 30)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = models.Milestone

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"M{n}")
    title = factory.Faker("sentence", nb_words=3)
    due_date = datetime.date(2026, 6, 30)


class ReportingPeriodFactory(DjangoModelFactory):
    """The period row alone; ``services.reporting_period_create`` adds its report and claims, as users get them."""

    class Meta:
        model = models.ReportingPeriod

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    report_due_date = datetime.date(2027, 3, 1)


class PartnerClaimFactory(DjangoModelFactory):
    class Meta:
        model = models.PartnerClaim

    partner = factory.SubFactory(PartnerFactory)
    period = factory.SubFactory(ReportingPeriodFactory, project=factory.SelfAttribute("..partner.project"))


class ExpenseFactory(DjangoModelFactory):
    """The expense row alone, not priced; ``services.expense_create`` prices it as users' expenses are."""

    class Meta:
        model = models.Expense

    claim = factory.SubFactory(PartnerClaimFactory)
    category = models.CostCategory.TRAVEL
    description = factory.Faker("sentence", nb_words=3)
    amount = Decimal("120.00")
    currency = "EUR"
    incurred_on = datetime.date(2026, 2, 1)


class ExchangeRateFactory(DjangoModelFactory):
    class Meta:
        model = models.ExchangeRate

    currency = "PLN"
    month = factory.Sequence(lambda n: datetime.date(2000 + n // 12, n % 12 + 1, 1))
    rate = Decimal("4.250000")
    source = "Demo value"


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = models.Indicator

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    name = "Students who touched an occupation"
    unit = "students"
    target = Decimal("168")


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = models.IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.SubFactory(ReportingPeriodFactory, project=factory.SelfAttribute("..indicator.project"))
    value = Decimal("40")


class ProjectDocumentFactory(DjangoModelFactory):
    """The signed grant agreement by default; ``mandate=True``: a partner's signed partnership mandate."""

    class Meta:
        model = models.ProjectDocument

    project = factory.SubFactory(ProjectFactory)
    kind = models.ProjectDocument.Kind.GRANT_AGREEMENT
    title = "Grant agreement"

    class Params:
        mandate = factory.Trait(
            kind=models.ProjectDocument.Kind.PARTNERSHIP_MANDATE,
            partner=factory.SubFactory(PartnerFactory, project=factory.SelfAttribute("..project")),
            title=factory.LazyAttribute(lambda document: f"Mandate of {document.partner.organisation}"),
        )


class FileVersionFactory(DjangoModelFactory):
    """A stored file version whose size and SHA-256 are its content's (``content=b"…"``, a PDF by default).

    The row alone: uploads through the API or ``services.file_version_add`` also sniff the content.
    """

    class Meta:
        abstract = True

    class Params:
        content = b"%PDF-1.7 signed"

    original_name = "signed.pdf"
    file = factory.LazyAttribute(lambda version: ContentFile(version.content, name=version.original_name))
    size = factory.LazyAttribute(lambda version: len(version.content))
    sha256 = factory.LazyAttribute(lambda version: hashlib.sha256(version.content).hexdigest())
    mime_type = PDF
    uploaded_by = factory.SubFactory(UserFactory)


class DeliverableFileFactory(FileVersionFactory):
    class Meta:
        model = models.DeliverableFile

    deliverable = factory.SubFactory(DeliverableFactory)
    version = factory.LazyAttribute(lambda version: version.deliverable.versions.count() + 1)
    original_name = "handbook.pdf"


class ProjectDocumentFileFactory(FileVersionFactory):
    class Meta:
        model = models.ProjectDocumentFile

    document = factory.SubFactory(ProjectDocumentFactory)
    version = factory.LazyAttribute(lambda version: version.document.versions.count() + 1)


class SupportingDocumentFactory(FileVersionFactory):
    class Meta:
        model = models.SupportingDocument

    expense = factory.SubFactory(ExpenseFactory)
    version = factory.LazyAttribute(lambda version: version.expense.documents.count() + 1)
    original_name = "invoice.pdf"


class GeneratedDocumentFactory(DjangoModelFactory):
    """A requested document whose task has not run: queued. ``done=True``: finished, with its PDF stored."""

    class Meta:
        model = GeneratedDocument

    kind = GeneratedDocument.Kind.FUNDING_REPORT
    project = factory.SubFactory(ProjectFactory)
    requested_by = factory.SubFactory(UserFactory)

    class Params:
        content = b"%PDF-1.7 an issued funding report"
        done = factory.Trait(
            status=GeneratedDocument.Status.DONE,
            progress=100,
            file=factory.LazyAttribute(lambda document: ContentFile(document.content, name="issued.pdf")),
            sha256=factory.LazyAttribute(lambda document: hashlib.sha256(document.content).hexdigest()),
            size=factory.LazyAttribute(lambda document: len(document.content)),
            pages=1,
        )


# --- A project with a row of every model --------------------------------------------------------


@dataclass
class ProjectRows:
    """What ``project_with_every_row`` built, by the name a test uses for it."""

    project: models.Project
    lead: models.Partner
    partner: models.Partner
    people: dict[str, Any]
    memberships: dict[str, models.ProjectMembership]
    period: models.ReportingPeriod
    report: models.PeriodicReport
    lead_claim: models.PartnerClaim
    partner_claim: models.PartnerClaim
    work_package: models.WorkPackage
    empty_work_package: models.WorkPackage
    deliverable: models.Deliverable
    milestone: models.Milestone
    indicator: models.Indicator
    spare_indicator: models.Indicator
    indicator_value: models.IndicatorValue
    expense: models.Expense
    mandate: models.ProjectDocument
    handbook: models.DeliverableFile | None
    payslip: models.SupportingDocument | None


PEOPLE = ("staff", "coordinator", "partner_same", "partner_other", "auditor")


def project_with_every_row(
    *,
    people: Mapping[str, Any] | None = None,
    lead_organisation: models.Organisation | None = None,
    partner_organisation: models.Organisation | None = None,
    uploads: bool = True,
    **project_fields: Any,
) -> ProjectRows:
    """A proposal running 2026–2027 with a row of every model of the projects app, in one cluster
    with the lead as its coordinating organisation and both partners as members.

    Money: the programme pays office and administration at 15 % of staff costs and the call
    co-finances 85 %. The lead budgets 10 000.00 staff (so 1 500.00 office and administration,
    11 500.00 in all), the partner 2 000.00 travel: 13 500.00, requested grant 11 475.00 EUR.

    Period 1 (2026, report due 2027-03-01) is created through the service, so it has its open
    report and a draft claim per partner; in the lead's claim, a member of the lead declares
    3 000.00 EUR of staff costs (January), which brings 450.00 office and administration.
    WP1 Management (led by the lead) holds D1.1 Project handbook, due 2026-03-31, the lead's;
    WP9 Spare is empty. M1 Kick-off is due 2026-02-01. Indicators: I1 Pilots (target 4, 1 reached
    in period 1) and I2 Labs (target 2). The coordinator uploaded the lead's signed mandate.
    With ``uploads``, the lead has also uploaded the handbook's first version and the payslip
    behind the expense.

    ``people`` maps roles to users: ``staff``, ``coordinator``, ``partner_same`` (works for the
    lead), ``partner_other`` (for the partner), ``auditor``; missing ones are made. Organisations
    not given are made; ``project_fields`` go to ``ProjectFactory``, e.g. ``cluster__name=…``.
    """
    people = {role: (people or {}).get(role) or UserFactory(staff=role == "staff") for role in PEOPLE}
    lead_organisation = lead_organisation or OrganisationFactory()
    partner_organisation = partner_organisation or OrganisationFactory(kind=models.Organisation.Kind.COMPANY)
    project = ProjectFactory(
        cluster__coordinating_organisation=lead_organisation,
        cluster__members=[lead_organisation, partner_organisation],
        call__deadline=datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC),
        call__co_financing_rate=Decimal("85.00"),
        call__max_grant=Decimal("1000000.00"),
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        **project_fields,
    )
    FlatRateFactory(
        programme=project.call.programme,
        category=models.CostCategory.OFFICE_ADMIN,
        rate=Decimal("15.00"),
        base=[models.CostCategory.STAFF],
    )
    lead = PartnerFactory(project=project, organisation=lead_organisation, lead=True)
    partner = PartnerFactory(project=project, organisation=partner_organisation)
    BudgetLineFactory(partner=lead, category=models.CostCategory.STAFF, amount=Decimal("10000.00"))
    BudgetLineFactory(partner=partner, category=models.CostCategory.TRAVEL, amount=Decimal("2000.00"))
    memberships = {
        "coordinator": ProjectMembershipFactory(user=people["coordinator"], project=project),
        "partner_same": ProjectMembershipFactory(
            user=people["partner_same"], project=project, partner=True, organisation=lead_organisation
        ),
        "partner_other": ProjectMembershipFactory(
            user=people["partner_other"], project=project, partner=True, organisation=partner_organisation
        ),
        "auditor": ProjectMembershipFactory(user=people["auditor"], project=project, auditor=True),
    }

    period = services.reporting_period_create(
        actor=people["staff"],
        data={
            "project": project,
            "number": 1,
            "start_date": datetime.date(2026, 1, 1),
            "end_date": datetime.date(2026, 12, 31),
            "report_due_date": datetime.date(2027, 3, 1),
        },
    )
    work_package = WorkPackageFactory(project=project, number=1, title="Management", lead_partner=lead)
    deliverable = DeliverableFactory(
        project=project,
        work_package=work_package,
        code="D1.1",
        title="Project handbook",
        due_date=datetime.date(2026, 3, 31),
        responsible_partner=lead,
    )
    empty_work_package = WorkPackageFactory(project=project, number=9, title="Spare")
    milestone = MilestoneFactory(project=project, code="M1", title="Kick-off", due_date=datetime.date(2026, 2, 1))
    indicator = IndicatorFactory(project=project, code="I1", name="Pilots", unit="pilots", target=Decimal(4))
    spare_indicator = IndicatorFactory(project=project, code="I2", name="Labs", unit="labs", target=Decimal(2))
    indicator_value = IndicatorValueFactory(indicator=indicator, period=period, value=Decimal(1))
    expense = services.expense_create(
        actor=people["partner_same"],
        data={
            "claim": period.claims.get(partner=lead),
            "category": models.CostCategory.STAFF,
            "description": "Project manager, January",
            "amount": Decimal("3000.00"),
            "currency": "EUR",
            "incurred_on": datetime.date(2026, 1, 31),
        },
    )
    short_name = lead_organisation.short_name or lead_organisation.name
    mandate = services.project_document_create(
        actor=people["coordinator"],
        data={
            "project": project,
            "kind": models.ProjectDocument.Kind.PARTNERSHIP_MANDATE,
            "partner": lead,
            "title": f"Mandate of {short_name}",
        },
        upload=SimpleUploadedFile(f"pooblastilo-{short_name}.pdf", b"%PDF-1.7 signed mandate", content_type=PDF),
    )
    handbook = payslip = None
    if uploads:
        handbook = services.file_version_add(
            owner=deliverable,
            upload=SimpleUploadedFile("handbook.pdf", b"%PDF-1.7 project handbook", content_type=PDF),
            actor=people["partner_same"],
        )
        payslip = services.file_version_add(
            owner=expense,
            upload=SimpleUploadedFile("payslip.pdf", b"%PDF-1.7 payslip, January", content_type=PDF),
            actor=people["partner_same"],
        )
    return ProjectRows(
        project=project,
        lead=lead,
        partner=partner,
        people=people,
        memberships=memberships,
        period=period,
        report=period.report,
        lead_claim=period.claims.get(partner=lead),
        partner_claim=period.claims.get(partner=partner),
        work_package=work_package,
        empty_work_package=empty_work_package,
        deliverable=deliverable,
        milestone=milestone,
        indicator=indicator,
        spare_indicator=spare_indicator,
        indicator_value=indicator_value,
        expense=expense,
        mandate=mandate,
        handbook=handbook,
        payslip=payslip,
    )
