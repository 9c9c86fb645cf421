"""The job's rules live in the model: ``full_clean()`` refuses a document its kind cannot render, whoever
builds it (API, admin, shell, task), not only ``services.document_request``."""

import pytest
from django.core.exceptions import ValidationError

from reporting.models import GeneratedDocument

NO_CALL = "OZE-LAB has no call yet: a funding report needs the programme's currency and the call's co-financing rate."
OTHER_PROJECTS_PERIOD = "Period 1 belongs to another project than CIRCLE."
PROGRESS_WITHOUT_PERIOD = "A progress report is the report of one period: name the period."
AUDIT_TRAIL_WITH_PERIOD = "The audit trail covers the whole project: leave the period out."


@pytest.fixture
def job(world, other_project_period):
    """An unsaved job of ``project`` (``project`` is CIRCLE, ``other_project`` OZE-LAB without a call) for
    ``period`` (None, CIRCLE's ``period`` 1 or OZE-LAB's ``other_period`` 1)."""

    def make(kind: str, project: str, period: str | None) -> GeneratedDocument:
        periods = {None: None, "period": world.objects["period"], "other_period": other_project_period}
        return GeneratedDocument(
            kind=kind, project=getattr(world, project), period=periods[period], requested_by=world.users["auditor"]
        )

    return make


@pytest.mark.parametrize(
    ("kind", "project", "period", "errors"),
    [
        ("funding_report", "other_project", None, {"project": [NO_CALL]}),
        ("funding_report", "project", "other_period", {"period": [OTHER_PROJECTS_PERIOD]}),
        ("progress_report", "project", None, {"period": [PROGRESS_WITHOUT_PERIOD]}),
        ("audit_trail", "project", "period", {"period": [AUDIT_TRAIL_WITH_PERIOD]}),
        ("audit_trail", "project", "other_period", {"period": [OTHER_PROJECTS_PERIOD, AUDIT_TRAIL_WITH_PERIOD]}),
        (
            "funding_report",
            "other_project",
            "period",
            {"project": [NO_CALL], "period": ["Period 1 belongs to another project than OZE-LAB."]},
        ),
    ],
)
def test_full_clean_refuses_a_job_its_kind_cannot_render(job, kind, project, period, errors):
    with pytest.raises(ValidationError) as refused:
        job(kind, project, period).full_clean()
    assert refused.value.message_dict == errors


@pytest.mark.parametrize(
    ("kind", "period"),
    [("funding_report", None), ("funding_report", "period"), ("progress_report", "period"), ("audit_trail", None)],
)
def test_full_clean_accepts_every_kind_with_its_scope(job, kind, period):
    job(kind, "project", period).full_clean()
