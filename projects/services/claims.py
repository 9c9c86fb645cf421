"""Expense items of partner claims, and converting a claim's lines when it is submitted or returned.

An expense is written only while its claim is a draft: submitting the claim freezes its lines, their
converted amounts and the rates used (``claim_freeze_rates``, an effect of the ``submit`` transition).
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from common.errors import Conflict
from projects import access
from projects.conversion import claim_rate_book, convert
from projects.models import Expense, PartnerClaim


def require_draft(claim: PartnerClaim) -> None:
    """A submitted or certified claim's expenses are frozen (409)."""
    if claim.status != PartnerClaim.Status.DRAFT:
        raise Conflict(
            gettext("The claim of %(partner)s for period %(number)s is %(status)s: its expenses are frozen.")
            % {
                "partner": claim.partner.organisation,
                "number": claim.period.number,
                "status": claim.get_status_display().lower(),
            }
        )


def expenses_writable(*, claim: PartnerClaim, actor: AbstractBaseUser) -> bool:
    """Whether ``actor`` may add, change and delete the claim's lines and attach their documents now: what
    ``expense_save`` and ``file_version_add`` check (the access policy, a draft claim), asked without raising,
    for a page that offers the forms only to whoever may use them."""
    return claim.status == PartnerClaim.Status.DRAFT and access.may(
        actor, access.SCOPES[Expense].write, Expense(claim=claim)
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
    """Save a new or changed expense item: by whoever may write the claim, only in a draft claim (before
    and after the change), priced, validated."""
    if expense.pk:
        before = Expense.objects.select_related("claim").get(pk=expense.pk)
        access.require_write(actor, before)
        require_draft(before.claim)
    access.require_write(actor, expense)
    require_draft(expense.claim)
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


@transaction.atomic
def expense_delete(*, actor: AbstractBaseUser, expense: Expense) -> None:
    access.require_write(actor, expense)
    require_draft(expense.claim)
    expense.delete()


@transaction.atomic
def claim_freeze_rates(*, claim: PartnerClaim, submitted_on: date) -> None:
    """Convert every expense of the claim into the programme's currency and keep the rate and its basis.

    An effect of the claim's ``submit`` transition; later changes to the rates do not change a
    submitted claim.
    """
    book, programme = claim_rate_book(claim, submitted_on)
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
    """A claim returned to its partner is a draft again: lines in other currencies wait for the next
    submission (an effect of the ``return`` transition)."""
    for expense in claim.expenses.select_related("claim__partner__project__call__programme"):
        _price_in_programme_currency(expense)
        expense.save(update_fields=["converted_amount", "exchange_rate", "rate_basis"])
