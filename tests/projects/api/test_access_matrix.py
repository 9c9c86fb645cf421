"""The access table of DESIGN.md, for every resource × role × action, generated from one table.

A resource registered in the API router but missing from ``RESOURCES`` fails
``test_every_resource_is_in_the_table``, so a new resource cannot be forgotten.
"""

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.api.urls import router

ROLES = ["staff", "coordinator", "partner_same", "partner_other", "auditor", "outsider", "anonymous"]
ACTIONS = ["list", "retrieve", "create", "update", "delete"]
PROJECT_MEMBERS = {"staff", "coordinator", "partner_same", "partner_other", "auditor"}
COORDINATING = {"staff", "coordinator"}


@dataclass(frozen=True)
class Resource:
    """How one resource behaves: who sees its rows, who writes them, which actions it offers.

    ``create`` and ``update`` build the request body from the world's objects; ``target`` names the
    object acted on. ``parent_seen_by``: who can see what a new row hangs on (others get 400: the
    referenced object does not exist for them).
    """

    target: str
    seen_by: set[str]
    writers: set[str]
    offers: set[str]
    create: object = None
    update: dict = field(default_factory=dict)
    parent_seen_by: set[str] | None = None
    multipart: bool = False


EVERYONE = set(ROLES) - {"anonymous"}
ALL_ACTIONS = set(ACTIONS)
NO_DELETE = ALL_ACTIONS - {"delete"}
EDIT_ONLY = {"list", "retrieve", "update"}
READ_ONLY = {"list", "retrieve"}

RESOURCES = {
    "users": Resource(
        target="user",
        seen_by={"staff"},
        writers={"staff"},
        offers=NO_DELETE,
        create=lambda o: {"username": "newcomer", "password": "A-long-pass-phrase-42"},
        update={"first_name": "Maja"},
    ),
    "organisations": Resource(
        target="organisation",
        seen_by=EVERYONE,
        writers=COORDINATING,
        offers=NO_DELETE,
        create=lambda o: {"name": "Robert Bosch d.o.o.", "kind": "company", "country": "SI"},
        update={"city": "Velenje"},
    ),
    "clusters": Resource(
        target="cluster",
        seen_by=EVERYONE,
        writers={"staff"},
        offers=NO_DELETE,
        create=lambda o: {
            "name": "GLOKAL",
            "country": "PL",
            "coordinating_organisation": o["spare_organisation"].pk,
            "members": [o["spare_organisation"].pk],
        },
        update={"description": "Schools and employers"},
    ),
    "programmes": Resource(
        target="programme",
        seen_by=EVERYONE,
        writers={"staff"},
        offers=NO_DELETE,
        create=lambda o: {
            "name": "RPO Dolnośląskie",
            "code": "rpo-ds",
            "currency": "PLN",
            "reporting_period_months": 12,
            "exchange_rate_rule": "monthly_at_submission",
            "flat_rates": [{"category": "office_admin", "rate": "25.00", "base": ["staff", "travel"]}],
        },
        update={"report_due_days": 90},
    ),
    "calls": Resource(
        target="call",
        seen_by=EVERYONE,
        writers={"staff"},
        offers=NO_DELETE,
        create=lambda o: {
            "programme": o["programme"].pk,
            "identifier": "ADRION-2027",
            "title": "Second call",
            "opens_on": "2027-01-01",
            "deadline": "2027-03-01T12:00:00+01:00",
            "co_financing_rate": "80.00",
            "max_grant": "500000.00",
        },
        update={"title": "Second call, amended"},
    ),
    "exchange-rates": Resource(
        target="exchange_rate",
        seen_by=EVERYONE,
        writers={"staff"},
        offers=NO_DELETE,
        create=lambda o: {"currency": "PLN", "month": "2026-02", "rate": "4.301200", "source": "InforEuro"},
        update={"source": "InforEuro (corrected)"},
    ),
    "projects": Resource(
        target="project",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=NO_DELETE,
        create=lambda o: {
            "acronym": "TALENT",
            "title": "Talentjourney",
            "cluster": o["cluster"].pk,
            "start_date": "2026-01-01",
            "end_date": "2028-12-31",
        },
        update={"summary": "Platforms of vocational excellence"},
        parent_seen_by=EVERYONE,
    ),
    "partners": Resource(
        target="partner_b",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=NO_DELETE,
        create=lambda o: {
            "project": o["project"].pk,
            "organisation": o["spare_organisation"].pk,
            "role": "partner",
            "budget_lines": [{"category": "equipment", "amount": "1500.00"}],
        },
        update={"budget_lines": [{"category": "travel", "amount": "2500.00"}]},
    ),
    "members": Resource(
        target="auditor_membership",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=ALL_ACTIONS,
        create=lambda o: {"project": o["project"].pk, "user": o["outsider"].pk, "role": "auditor"},
        update={"role": "auditor"},
    ),
    "work-packages": Resource(
        target="empty_work_package",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=ALL_ACTIONS,
        create=lambda o: {"project": o["project"].pk, "number": 2, "title": "Pilots"},
        update={"title": "Spare capacity"},
    ),
    "deliverables": Resource(
        target="deliverable",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=ALL_ACTIONS,
        create=lambda o: {
            "project": o["project"].pk,
            "work_package": o["work_package"].pk,
            "code": "D1.2",
            "title": "Quality plan",
            "due_date": "2026-06-30",
            "responsible_partner": o["partner_b"].pk,
        },
        update={"title": "Project handbook, second edition"},
    ),
    "milestones": Resource(
        target="milestone",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=ALL_ACTIONS,
        create=lambda o: {"project": o["project"].pk, "code": "M2", "title": "First pilot", "due_date": "2026-09-30"},
        update={"achieved_on": "2026-02-03"},
    ),
    "reporting-periods": Resource(
        target="period",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=NO_DELETE,
        create=lambda o: {
            "project": o["project"].pk,
            "number": 2,
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
            "report_due_date": "2028-03-01",
        },
        update={"report_due_date": "2027-03-31"},
    ),
    "partner-claims": Resource(
        target="claim_a",
        seen_by={"staff", "coordinator", "auditor", "partner_same"},
        writers=set(),
        offers=READ_ONLY,
    ),
    "expenses": Resource(
        target="expense",
        seen_by={"staff", "coordinator", "auditor", "partner_same"},
        writers={"staff", "coordinator", "partner_same"},
        offers=ALL_ACTIONS,
        create=lambda o: {
            "claim": o["claim_a"].pk,
            "category": "staff",  # Velenje's budget has staff costs only
            "description": "Trainer in Ljubljana, February",
            "amount": "42.50",
            "currency": "EUR",
            "incurred_on": "2026-02-10",
        },
        update={"invoice_number": "2026/0042"},
        parent_seen_by={"staff", "coordinator", "auditor", "partner_same"},
    ),
    "indicators": Resource(
        target="indicator",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=NO_DELETE,
        create=lambda o: {
            "project": o["project"].pk,
            "code": "I3",
            "name": "Students",
            "unit": "students",
            "target": "168",
        },
        update={"target": "5.00"},
    ),
    "indicator-values": Resource(
        target="indicator_value",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=NO_DELETE,
        create=lambda o: {"indicator": o["spare_indicator"].pk, "period": o["period"].pk, "value": "1"},
        update={"value": "2.00", "note": "Two pilots running"},
    ),
    "project-documents": Resource(
        target="mandate_a",
        seen_by=PROJECT_MEMBERS,
        writers={"staff", "coordinator", "partner_same"},  # a partner writes its own organisation's mandate
        offers=NO_DELETE,
        create=lambda o: {
            "project": o["project"].pk,
            "kind": "partnership_mandate",
            "partner": o["partner_a"].pk,
            "title": "Mandate, countersigned",
            "file": SimpleUploadedFile("mandate.pdf", b"%PDF-1.7 countersigned", content_type="application/pdf"),
        },
        update={"title": "Mandate of Šolski center Velenje"},
        multipart=True,
    ),
    "periodic-reports": Resource(
        target="report",
        seen_by=PROJECT_MEMBERS,
        writers=COORDINATING,
        offers=EDIT_ONLY,
        update={"narrative": "The labs opened in Velenje and Ljubljana."},
    ),
}


def expected_status(resource: Resource, role: str, action: str) -> int:
    if role == "anonymous":
        return 401
    if action not in resource.offers:
        return 405
    if resource.seen_by == {"staff"}:  # staff-only resources answer 403, not 404, to everyone else
        return {"list": 200, "retrieve": 200, "create": 201, "update": 200}[action] if role == "staff" else 403
    if action == "list":
        return 200
    if action == "create":
        parent_seen_by = resource.parent_seen_by or (EVERYONE if resource.seen_by == EVERYONE else PROJECT_MEMBERS)
        if role not in parent_seen_by:
            return 400
        return 201 if role in resource.writers else 403
    if role not in resource.seen_by:
        return 404
    if action == "retrieve":
        return 200
    if role not in resource.writers:
        return 403
    return 200 if action == "update" else 204


CASES = [(name, role, action) for name in RESOURCES for role in ROLES for action in ACTIONS]


def test_every_resource_is_in_the_table():
    registered = {prefix for prefix, _viewset, _basename in router.registry}
    assert registered == set(RESOURCES)


@pytest.mark.parametrize(("name", "role", "action"), CASES, ids=["-".join(case) for case in CASES])
def test_access(world, client_for, name, role, action):
    resource = RESOURCES[name]
    basename = {prefix: basename for prefix, _viewset, basename in router.registry}[name]
    objects = {**world.objects, "project": world.project, "outsider": world.users["outsider"]}
    target = objects.get(resource.target) or world.users["coordinator"]
    client = client_for(world.users[role])
    detail = reverse(f"{basename}-detail", args=[target.pk])
    listing = reverse(f"{basename}-list")

    if action == "list":
        response = client.get(listing)
    elif action == "retrieve":
        response = client.get(detail)
    elif action == "create":
        body = resource.create(objects) if resource.create else {}
        response = client.post(listing, body, format="multipart" if resource.multipart else "json")
    elif action == "update":
        response = client.patch(detail, resource.update, format="json")
    else:
        response = client.delete(detail)

    assert response.status_code == expected_status(resource, role, action), response.content


@pytest.mark.parametrize("name", [name for name, r in RESOURCES.items() if r.seen_by != EVERYONE])
def test_lists_omit_what_a_user_may_not_see(world, client_for, name):
    resource = RESOURCES[name]
    basename = {prefix: basename for prefix, _viewset, basename in router.registry}[name]
    objects = {**world.objects, "project": world.project}
    target = objects.get(resource.target) or world.users["coordinator"]
    for role in ROLES[:-1]:
        response = client_for(world.users[role]).get(reverse(f"{basename}-list"), {"page_size": 200})
        if response.status_code == 403:
            continue
        ids = {row["id"] for row in response.json()["results"]}
        assert (target.pk in ids) == (role in resource.seen_by), role
