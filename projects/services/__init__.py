"""Writes, one module per topic. Keyword-only, typed and atomic, with the actor passed explicitly: each
service asks the access policy (``projects.access``) whether the actor may do it, so a change from
the API, the admin, the shell or a task is checked and recorded alike. Every row is validated by its
model (``full_clean``: field rules, ``clean()``, constraints) before it is saved, so a rule lives in
one place and a broken one answers with the field and the reason.
"""

from .claims import expense_create, expense_delete, expense_save, expense_update, expenses_writable
from .consortium import partner_create, partner_update, project_create
from .delivery import deliverable_delete
from .files import file_version_add, project_document_create
from .people import membership_create, membership_delete, membership_update, user_save
from .periods import (
    periodic_report_editable,
    periodic_report_update,
    reporting_period_create,
    reporting_periods_generate,
)
from .records import record_create, record_delete, record_save, record_update
from .reference import exchange_rates_import, programme_save

__all__ = [
    "deliverable_delete",
    "exchange_rates_import",
    "expense_create",
    "expense_delete",
    "expense_save",
    "expense_update",
    "expenses_writable",
    "file_version_add",
    "membership_create",
    "membership_delete",
    "membership_update",
    "partner_create",
    "partner_update",
    "periodic_report_editable",
    "periodic_report_update",
    "programme_save",
    "project_create",
    "project_document_create",
    "record_create",
    "record_delete",
    "record_save",
    "record_update",
    "reporting_period_create",
    "reporting_periods_generate",
    "user_save",
]
