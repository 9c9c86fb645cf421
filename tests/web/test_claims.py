"""The claim page through Django's test client: who may open it, adding, changing and deleting lines through the
services (a refused line comes back with the reason next to its field), supporting documents, the
pre-submission check and the frozen rates."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Expense, PartnerClaim
from tests.helpers import demo_loaded

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media"), password="demo-password-123"):
        yield


@pytest.fixture
def demo(demo_data, db):
    return None


@pytest.fixture
def signed_in(client):
    def as_user(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return as_user


def claim_of(organisation: str, acronym: str, period: int) -> PartnerClaim:
    return PartnerClaim.objects.get(
        partner__organisation__short_name=organisation, partner__project__acronym=acronym, period__number=period
    )


def page_of(claim: PartnerClaim) -> str:
    return reverse("web:claim", args=[claim.pk])


def new_line(**changes) -> dict:
    return {
        "incurred_on": "2026-06-10",
        "category": "travel",
        "description": "Study visit in Velenje: train tickets",
        "invoice_number": "GMT-TR-2026-020",
        "currency": "EUR",
        "amount": "312.40",
        **changes,
    }


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_partner_sees_its_own_draft_claim_with_its_lines_and_the_form_to_add_one(demo, signed_in):
    claim = claim_of("GMT", "Talentjourney", 2)
    response = signed_in("partner.gmt").get(page_of(claim))
    assert response.status_code == 200
    body = text(response)
    assert "Claim of GMT d.o.o., period 2" in body
    assert "3D printer for the student incubator" in body
    assert "€14,250.00" in body  # the mentors' line, in the programme's currency
    assert 'id="add-line"' in body and "Add line" in body
    assert "Before you submit" in body and "Ready to submit" in body


def test_a_partner_cannot_open_another_organisations_claim(demo, signed_in):
    claim = claim_of("ŠCV", "Talentjourney", 1)
    assert signed_in("partner.gmt").get(page_of(claim)).status_code == 404


@pytest.mark.parametrize("username", ["partner.mechanik", "newcomer"])
def test_someone_outside_the_project_gets_not_found(demo, signed_in, username):
    """Tomasz works on MPMF and OZE-LAB only; a newcomer has no project at all."""
    get_user_model().objects.get_or_create(username="newcomer")
    claim = claim_of("GMT", "Talentjourney", 2)
    client = signed_in(username)
    assert client.get(page_of(claim)).status_code == 404
    assert client.post(reverse("web:claim-expense-add", args=[claim.pk]), new_line()).status_code == 404
    assert client.get(reverse("web:expense", args=[claim.expenses.first().pk])).status_code == 404


def test_a_line_dated_outside_the_project_is_refused_next_to_its_date_and_not_saved(demo, signed_in):
    claim = claim_of("GMT", "Talentjourney", 2)
    before = claim.expenses.count()
    response = signed_in("partner.gmt").post(
        reverse("web:claim-expense-add", args=[claim.pk]), new_line(incurred_on="2024-11-30")
    )
    assert response.status_code == 200
    body = text(response)
    error = re.search(r'<small class="error" id="new-incurred_on-error">([^<]*)</small>', body)
    assert error, "the reason is shown next to the date"
    assert "before the project started on 2025-01-01" in error.group(1)
    assert 'aria-describedby="new-incurred_on-error"' in body
    assert claim.expenses.count() == before


def test_htmx_gets_the_refused_line_back_in_the_table(demo, signed_in):
    claim = claim_of("GMT", "Talentjourney", 2)
    response = signed_in("partner.gmt").post(
        reverse("web:claim-expense-add", args=[claim.pk]),
        new_line(category="staff", amount="0"),
        HTTP_HX_REQUEST="true",
    )
    body = text(response)
    assert "<html" not in body
    assert re.search(r'id="new-amount-error">[^<]*more than 0.00', body)
    assert re.search(r'<input[^>]*name="amount"[^>]*autofocus', body)
    assert not claim.expenses.filter(invoice_number="GMT-TR-2026-020").exists()


def test_a_line_is_added_and_the_page_shows_it(demo, signed_in):
    claim = claim_of("GMT", "Talentjourney", 2)
    response = signed_in("partner.gmt").post(reverse("web:claim-expense-add", args=[claim.pk]), new_line())
    line = claim.expenses.get(invoice_number="GMT-TR-2026-020")
    assert response.status_code == 302
    assert response["Location"] == f"{page_of(claim)}#line-{line.pk}"
    body = text(signed_in("partner.gmt").get(page_of(claim)))
    assert "Study visit in Velenje: train tickets" in body
    assert "has no supporting document" in body  # the pre-submission check names the new line


def test_htmx_gets_the_table_again_with_the_new_line(demo, signed_in):
    claim = claim_of("GMT", "Talentjourney", 2)
    response = signed_in("partner.gmt").post(
        reverse("web:claim-expense-add", args=[claim.pk]), new_line(), HTTP_HX_REQUEST="true"
    )
    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body and body.lstrip().startswith('<div id="claim-work">')
    assert "Line “Study visit in Velenje: train tickets” added." in body
    # The check names the new line by its number in the table (by date: third, before the mentors' line of June 30).
    assert "Line 3 &#x27;Study visit in Velenje: train tickets&#x27; (2026-06-10, 312.40 EUR) has no supporting" in body


def test_a_flat_rate_category_is_not_offered_for_a_line(demo, signed_in):
    """CIRCLE (Interreg) computes office and administration as a flat rate: never claimed line by line."""
    claim = claim_of("GMT", "CIRCLE", 4)
    body = text(signed_in("partner.gmt").get(page_of(claim)))
    select = re.search(r'<select name="category"[^>]*>(.*?)</select>', body).group(1)
    assert 'value="travel"' in select
    assert 'value="office_admin"' not in select
    assert 'value="equipment"' not in select  # GMT has no equipment budget in CIRCLE


def test_a_document_is_attached_listed_and_downloaded_by_whoever_sees_the_line(demo, signed_in):
    claim = claim_of("GMT", "Talentjourney", 2)
    client = signed_in("partner.gmt")
    client.post(reverse("web:claim-expense-add", args=[claim.pk]), new_line())
    line = claim.expenses.get(invoice_number="GMT-TR-2026-020")

    upload = SimpleUploadedFile("train-tickets.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("web:expense-document", args=[line.pk]), {"file": upload})
    assert response.status_code == 302
    assert line.documents.get().version == 1
    body = text(client.get(page_of(claim)))
    assert "train-tickets.pdf" in body and "Ready to submit" in body

    download = client.get(reverse("web:expense-document-download", args=[line.pk, 1]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert (
        signed_in("partner.mechanik").get(reverse("web:expense-document-download", args=[line.pk, 1])).status_code
        == 404
    )


def test_a_file_the_instance_refuses_is_said_on_the_page(demo, signed_in):
    line = claim_of("GMT", "Talentjourney", 2).expenses.first()
    client = signed_in("partner.gmt")
    upload = SimpleUploadedFile(
        "invoice.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    response = client.post(reverse("web:expense-document", args=[line.pk]), {"file": upload}, follow=True)
    assert line.documents.count() == 1
    assert 'class="message error"' in text(response)


def test_a_line_is_changed_and_deleted_through_its_page(demo, signed_in):
    claim = claim_of("GMT", "Talentjourney", 2)
    client = signed_in("partner.gmt")
    client.post(reverse("web:claim-expense-add", args=[claim.pk]), new_line())
    line = claim.expenses.get(invoice_number="GMT-TR-2026-020")

    refused = client.post(reverse("web:expense", args=[line.pk]), new_line(incurred_on="2028-01-05"))
    assert "after the project ended on 2027-12-31" in text(refused)
    line.refresh_from_db()
    assert str(line.incurred_on) == "2026-06-10"

    client.post(reverse("web:expense", args=[line.pk]), new_line(amount="330.00"))
    line.refresh_from_db()
    assert str(line.amount) == "330.00"

    response = client.post(reverse("web:expense-delete", args=[line.pk]))
    assert response.status_code == 302
    assert not Expense.objects.filter(pk=line.pk).exists()


def test_a_lines_page_lists_its_documents_versions_and_offers_the_forms_only_to_who_may_write(demo, signed_in):
    line = claim_of("GMT", "Talentjourney", 2).expenses.get(invoice_number="R-2026-00317")
    url = reverse("web:expense", args=[line.pk])
    body = text(signed_in("partner.gmt").get(url))
    assert "3D printer for the student incubator" in body
    assert "Invoice R-2026-00317.pdf" in body and line.documents.get().sha256 in body
    assert "Save the line" in body and "Attach a new version" in body and "Delete the line" in body

    body = text(signed_in("auditor").get(url))
    assert "Invoice R-2026-00317.pdf" in body
    assert "Save the line" not in body and "Attach" not in body and "Delete the line" not in body


def test_an_auditor_reads_a_claim_without_any_form_or_button(demo, signed_in):
    claim = claim_of("GMT", "Talentjourney", 2)
    body = text(signed_in("auditor").get(page_of(claim)))
    assert "3D printer for the student incubator" in body
    assert "Add line" not in body and '<form method="post" enctype' not in body
    assert "Before you submit" not in body and "Next steps" not in body


def test_a_submitted_claim_shows_its_frozen_rates(demo, signed_in):
    """ZSE Jelenia Góra paid in PLN: converted at 2025's average rate when the claim was submitted."""
    body = text(signed_in("coordinator").get(page_of(claim_of("ZSE Jelenia Góra", "Talentjourney", 1))))
    assert "Frozen rate" in body and "PLN/EUR" in body and "average 2025-01 to 2025-12" in body
    assert "Total of this claim" in body
    assert "Add line" not in body


def test_a_draft_in_another_currency_waits_for_its_rates(demo, signed_in):
    body = text(signed_in("coordinator").get(page_of(claim_of("ZSE Jelenia Góra", "Talentjourney", 2))))
    assert "converted when submitted" in body
    assert "the totals are shown from that moment" in body


def test_the_coordinator_sees_certify_and_return_on_a_submitted_claim(demo, signed_in):
    body = text(signed_in("coordinator").get(page_of(claim_of("Bosch", "Talentjourney", 1))))
    assert "Certify the claim" in body and "Return the claim" in body
    assert "Before you submit" not in body
