"""Reporting periods, each with its periodic report and a claim for every funded partner."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from common.errors import Conflict
from projects import access
from projects.models import Partner, PartnerClaim, PeriodicReport, Project, ReportingPeriod
from projects.periods import reporting_period_dates

from .records import record_create, record_update


def claim_create(*, partner: Partner, period: ReportingPeriod) -> PartnerClaim | None:
    """The partner's claim for the period, made with the partner or the period (whoever made those was
    checked); associated partners receive no funding and claim nothing."""
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


def periodic_report_editable(*, report: PeriodicReport, actor: AbstractBaseUser) -> bool:
    """Whether ``periodic_report_update`` lets ``actor`` write the report now: they may change it (staff and the
    project's coordinators) and it is open. A page shows the narrative as a form only then."""
    return report.status == PeriodicReport.Status.OPEN and access.may(actor, access.Action.EDIT, report)


@transaction.atomic
def periodic_report_update(
    *, actor: AbstractBaseUser, report: PeriodicReport, data: Mapping[str, Any]
) -> PeriodicReport:
    """The narrative and deviations, written while the report is open."""
    access.require_write(actor, report)
    if report.status != PeriodicReport.Status.OPEN:
        raise Conflict(
            gettext(
                "The report for period %(number)s is %(status)s: it can be edited again only if verification "
                "returns it."
            )
            % {"number": report.period.number, "status": report.get_status_display().lower()}
        )
    return record_update(instance=report, actor=actor, data=data)
