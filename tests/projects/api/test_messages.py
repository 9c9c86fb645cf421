"""What the API says is in plain words: no model class names, and who may act, named as people."""

from projects.models import PartnerClaim
from tests.helpers import transition


def test_a_claim_out_of_reach_is_not_found_in_plain_words(world, client_for):
    claim = world.objects["claim_a"]
    response = client_for(world.users["outsider"]).get(f"/api/partner-claims/{claim.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Partner claim not found."}


def test_a_partner_is_told_who_certifies_a_claim(world, client_for):
    partner = world.users["partner_same"]
    claim = PartnerClaim.objects.get(partner__organisation__memberships__user=partner, period=world.objects["period"])
    response = transition(client_for(partner), claim, "certify")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the project's coordinators may certify the claim."
