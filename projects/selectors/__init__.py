"""Reads, one module per topic, scoped to what a user may see (``projects.access``).

Every API list and detail view starts from one of these querysets: what is not in it does not exist
for that user (404).
"""

from .money import (
    CategoryFigures,
    ClaimCategoryFigures,
    ClaimTotals,
    PartnerFigures,
    budget_totals,
    budget_vs_actual,
    claim_category_figures,
    claim_over_budget,
    claim_totals,
    declared_expense_list,
    expense_list,
    money_partner_list,
    partner_claim_list,
)
from .projects import (
    deliverable_list,
    indicator_list,
    indicator_value_list,
    last_review_of,
    membership_list,
    milestone_list,
    partner_list,
    periodic_report_list,
    project_document_list,
    project_list,
    reporting_period_list,
    work_package_list,
)
from .reference import call_list, cluster_list, exchange_rate_list, organisation_list, programme_list

__all__ = [
    "CategoryFigures",
    "ClaimCategoryFigures",
    "ClaimTotals",
    "PartnerFigures",
    "budget_totals",
    "budget_vs_actual",
    "call_list",
    "claim_category_figures",
    "claim_over_budget",
    "claim_totals",
    "cluster_list",
    "declared_expense_list",
    "deliverable_list",
    "exchange_rate_list",
    "expense_list",
    "indicator_list",
    "indicator_value_list",
    "last_review_of",
    "membership_list",
    "milestone_list",
    "money_partner_list",
    "organisation_list",
    "partner_claim_list",
    "partner_list",
    "periodic_report_list",
    "programme_list",
    "project_document_list",
    "project_list",
    "reporting_period_list",
    "work_package_list",
]
