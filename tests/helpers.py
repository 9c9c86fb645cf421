"""Helpers shared by the test modules: acting through the API as a signed-in user would."""

from projects.models import Deliverable, PartnerClaim, PeriodicReport, Project

# The API resource of each workflow machine's model (DESIGN.md, "Workflow endpoints").
TRANSITION_ROUTES = {
    Project: "projects",
    Deliverable: "deliverables",
    PartnerClaim: "partner-claims",
    PeriodicReport: "periodic-reports",
}


def transition(client, obj, name: str, **body):
    """Take the transition ``name`` of ``obj`` as the client's user: ``POST …/{id}/transitions/{name}/``."""
    route = TRANSITION_ROUTES[type(obj)]
    return client.post(f"/api/{route}/{obj.pk}/transitions/{name}/", body, format="json")
