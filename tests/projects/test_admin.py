"""The admin shows every model; statuses and stored files cannot be edited by hand."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from projects.models import DeliverableFile, Expense, PartnerClaim, ProjectDocumentFile, SupportingDocument


def test_every_model_of_the_domain_has_an_admin():
    missing = [
        model.__name__ for model in apps.get_app_config("projects").get_models() if model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.parametrize("model", list(apps.get_app_config("projects").get_models()), ids=lambda m: m.__name__)
def test_every_changelist_opens(world, admin_client, model):
    response = admin_client.get(reverse(f"admin:projects_{model._meta.model_name}_changelist"))
    assert response.status_code == 200


def test_project_page_shows_derived_figures_and_a_read_only_status(world, admin_client):
    response = admin_client.get(reverse("admin:projects_project_change", args=[world.project.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "13500.00" in content  # total budget: 10 000 staff + 1 500 flat rate + 2 000 travel
    assert "11475.00" in content  # requested grant at 85 %
    assert 'name="status"' not in content  # shown, not editable


def test_partner_page_edits_budget_lines_inline(world, admin_client):
    response = admin_client.get(reverse("admin:projects_partner_change", args=[world.objects["partner_a"].pk]))
    assert response.status_code == 200
    assert "budget_lines-0-amount" in response.content.decode()
    assert "office_admin: 1500.00" in response.content.decode()


def test_claim_page_lists_its_expenses_with_totals(world, admin_client):
    response = admin_client.get(reverse("admin:projects_partnerclaim_change", args=[world.objects["claim_a"].pk]))
    content = response.content.decode()
    assert "Project manager, January" in content
    assert "3450.00" in content


@pytest.mark.parametrize("model", [DeliverableFile, ProjectDocumentFile, SupportingDocument])
def test_stored_files_cannot_be_added_changed_or_deleted(rf, admin_user, model):
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_expenses_of_a_submitted_claim_are_read_only(world, rf, admin_user):
    expense = world.objects["expense"]
    PartnerClaim.objects.filter(pk=expense.claim_id).update(status="submitted")
    expense.refresh_from_db()
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[Expense]
    assert not model_admin.has_change_permission(request, expense)
    assert not model_admin.has_delete_permission(request, expense)
