"""The funding report: per partner and cost category budget, declared and certified costs, the flat
rates, the currency conversions with their rates, and the grant due at the call's co-financing rate,
for one period or cumulative.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from projects import selectors
from projects.models import CostCategory, Partner, Project, ReportingPeriod
from projects.money import ZERO, percent_of, total
from reporting.figures.shared import (
    Report,
    budget_figures,
    budget_table,
    expense_table,
    money_text,
    period_data,
    plain,
    project_data,
    scope_text,
)

CATEGORY_LABELS = dict(CostCategory.choices)


@dataclass(frozen=True)
class GrantLine:
    partner: Partner
    certified: Decimal
    grant_due: Decimal


def _conversions(expenses: list[dict[str, Any]], currency: str | None) -> list[dict[str, Any]]:
    """The currency conversions in the claims: per currency and frozen rate, the lines and their sums.

    The converted sum adds the lines' rounded amounts, as the claim's totals do.
    """
    groups: dict[tuple[str, Decimal, str], dict[str, Any]] = {}
    for line in expenses:
        if line["currency"] == currency:
            continue
        key = (line["currency"], line["exchange_rate"], line["rate_basis"])
        group = groups.setdefault(
            key,
            {
                "currency": key[0],
                "exchange_rate": key[1],
                "rate_basis": key[2],
                "lines": 0,
                "amount": ZERO,
                "converted_amount": ZERO,
            },
        )
        group["lines"] += 1
        group["amount"] += line["amount"]
        group["converted_amount"] += line["converted_amount"] or ZERO
    return sorted(groups.values(), key=lambda group: (group["currency"], group["rate_basis"]))


def funding_report(*, project: Project, period: ReportingPeriod | None, as_of: date) -> Report:
    project, figures, flat_rate_categories = budget_figures(project, period)
    programme = project.programme
    totals = selectors.budget_totals(figures)
    rate = project.call.co_financing_rate if project.call_id else ZERO
    grant = [
        GrantLine(
            partner=item.partner,
            certified=item.totals.certified,
            grant_due=percent_of(item.totals.certified, rate) if item.partner.is_funded else ZERO,
        )
        for item in figures
    ]
    grant_due = total(line.grant_due for line in grant)
    expenses = expense_table(project=project, period=period)
    expense_lines = expenses.records()
    conversions = _conversions(expense_lines, project.currency)
    budget = budget_table(figures, flat_rate_categories, period=period)

    def category_data(line: selectors.CategoryFigures) -> dict[str, Any]:
        return {
            "category": line.category,
            "flat_rate": line.category in flat_rate_categories,
            "budget": money_text(line.budget),
            "declared": money_text(line.declared),
            "certified": money_text(line.certified),
            "remaining": None if period else money_text(line.remaining),
            "share_spent": None if period else money_text(line.share_spent),
            "over_budget": money_text(line.over_budget),
        }

    data = {
        "project": project_data(project),
        "period": period_data(period),
        "partners": [
            {
                "partner": item.partner.pk,
                "organisation": item.partner.organisation.name,
                "role": item.partner.role,
                "categories": [category_data(line) for line in item.categories],
                "totals": category_data(item.totals),
                "grant_due": money_text(line.grant_due),
            }
            for item, line in zip(figures, grant, strict=True)
        ],
        "totals": {**category_data(totals), "grant_due": money_text(grant_due)},
        "flat_rates": [
            {"category": flat_rate.category, "rate": money_text(flat_rate.rate), "base": flat_rate.base}
            for flat_rate in (programme.flat_rates.all() if programme else [])
        ],
        "conversions": [plain(group) for group in conversions],
        "expenses": [plain(line) for line in expense_lines],
    }
    context = {
        "project": project,
        "period": period,
        "scope": scope_text(period),
        "currency": project.currency,
        "co_financing_rate": rate,
        "figures": figures,
        "totals": totals,
        "flat_rate_categories": flat_rate_categories,
        "flat_rates": programme.flat_rates.all() if programme else [],
        "category_labels": CATEGORY_LABELS,
        "grant": grant,
        "grant_due": grant_due,
        "conversions": conversions,
        "expenses": expense_lines,
        # Categories over budget are marked in their row, and the legend explains the mark.
        "over_budget": any(line.over_budget for item in figures for line in item.categories),
    }
    return Report(
        title=f"{project.acronym} — Funding report, {scope_text(period)}",
        subject=(
            f"Budget, declared and certified costs per partner and cost category of {project.acronym} "
            f"({project.title}), {scope_text(period)}, in {project.currency}"
        ),
        template="reporting/funding_report.html",
        context=context,
        data=data,
        tables=[budget, expenses],
    )
