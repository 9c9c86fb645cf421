"""factory_boy factories for the domain; each builds a valid row with its parents."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from projects import models


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Faker("email")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="sl_SI")
    password = factory.django.Password("test-password-123")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Faker("company", locale="pl_PL")
    kind = models.Organisation.Kind.SCHOOL
    country = "PL"
    city = factory.Faker("city", locale="pl_PL")
    pic = factory.Sequence(lambda n: f"{900000000 + n}")


class ClusterFactory(DjangoModelFactory):
    class Meta:
        model = models.Cluster

    name = factory.Sequence(lambda n: f"Klaster edukacyjny {n}")
    country = "PL"
    coordinating_organisation = factory.SubFactory(OrganisationFactory)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = models.Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    code = factory.Sequence(lambda n: f"programme-{n}")
    currency = "EUR"
    reporting_period_months = 12


class FlatRateFactory(DjangoModelFactory):
    class Meta:
        model = models.FlatRate

    programme = factory.SubFactory(ProgrammeFactory)
    category = models.CostCategory.OFFICE_ADMIN
    rate = Decimal("15.00")
    base = factory.LazyFunction(lambda: ["staff"])


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
    class Meta:
        model = models.ProjectMembership

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory(ProjectFactory)
    role = models.ProjectMembership.Role.COORDINATOR


class WorkPackageFactory(DjangoModelFactory):
    class Meta:
        model = models.WorkPackage

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Faker("sentence", nb_words=3)


class DeliverableFactory(DjangoModelFactory):
    class Meta:
        model = models.Deliverable

    project = factory.SubFactory(ProjectFactory)
    work_package = factory.SubFactory(WorkPackageFactory, project=factory.SelfAttribute("..project"))
    responsible_partner = factory.SubFactory(PartnerFactory, project=factory.SelfAttribute("..project"))
    code = factory.Sequence(lambda n: f"D{n}.1")
    title = factory.Faker("sentence", nb_words=4)
    due_date = datetime.date(2026, 6, 30)


class ReportingPeriodFactory(DjangoModelFactory):
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
