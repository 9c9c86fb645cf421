"""Reporting-period dates: back-to-back periods of the programme's length over the project."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class PeriodDates:
    number: int
    start_date: date
    end_date: date
    report_due_date: date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reporting_period_dates(*, start_date: date, end_date: date, months: int, report_due_days: int) -> list[PeriodDates]:
    """Back-to-back periods of ``months`` from ``start_date``, the last one ending on ``end_date``.

    Period n starts (n − 1) × ``months`` after the project's start, counted from the start rather than
    from the previous period so that a start on the 31st does not drift to the 28th. The last period is
    shorter when the project's duration is not a multiple of ``months``. Each report is due
    ``report_due_days`` after its period ends.
    """
    if months < 1:
        raise ValueError(f"A reporting period lasts at least one month, not {months}.")
    if end_date < start_date:
        raise ValueError(f"The project ends ({end_date}) before it starts ({start_date}).")
    periods: list[PeriodDates] = []
    period_start = start_date
    while period_start <= end_date:
        number = len(periods) + 1
        next_start = add_months(start_date, number * months)
        period_end = min(next_start - timedelta(days=1), end_date)
        periods.append(
            PeriodDates(
                number=number,
                start_date=period_start,
                end_date=period_end,
                report_due_date=period_end + timedelta(days=report_due_days),
            )
        )
        period_start = next_start
    return periods
