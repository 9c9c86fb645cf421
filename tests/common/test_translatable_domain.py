"""What the domain says to a user goes through gettext (so that it lands in the catalogs and the pages can
speak Polish and Slovenian), while the English stays as it was; generated documents stay English."""

from unittest.mock import patch

import pytest
from django.utils import timezone, translation
from django.utils.functional import Promise

from projects.access import Role
from projects.machines import project as project_machine
from projects.models import Project
from projects.models.projects import ProjectStatus
from reporting import services as reporting_services
from workflows.registry import Context
from workflows.services import _forbidden_reason


def marked(message: str) -> str:
    """A fake translation: every message it translates shows it was translated."""
    return f"«{message}»"


def test_choice_role_and_transition_labels_are_lazy_translations():
    submit = project_machine.MACHINE.get("submit_proposal")
    for label in (ProjectStatus.PROPOSAL.label, Role.COORDINATOR.label, submit.label, project_machine.MACHINE.label):
        assert isinstance(label, Promise)
    assert str(ProjectStatus.PROPOSAL.label) == "Proposal"  # no catalog active: the English as it was


def test_a_lazy_label_is_translated_when_it_is_read():
    with patch("django.utils.translation._trans.gettext", side_effect=marked):
        assert str(ProjectStatus.PROPOSAL.label) == "«Proposal»"
        assert project_machine.MACHINE.states["proposal"] == "«Proposal»"


def test_the_forbidden_reason_is_a_translated_sentence_of_translated_labels():
    submit = project_machine.MACHINE.get("submit_proposal")
    assert _forbidden_reason(submit, frozenset()) == "Only the project's coordinators may submit the proposal."
    with patch("django.utils.translation._trans.gettext", side_effect=marked):
        reason = _forbidden_reason(submit, frozenset())
    assert reason == "«Only «the project's coordinators» may «Submit the proposal».»"


def test_a_guard_reason_goes_through_gettext():
    project = Project(acronym="TJ", title="Talentjourney")  # no call
    context = Context(actor=None, comment="", payload={}, roles=frozenset(), at=timezone.now())
    assert list(project_machine.within_call(project, context)) == ["Choose the call the application answers."]
    with patch("projects.machines.project.gettext", side_effect=marked):
        reasons = list(project_machine.within_call(project, context))
    assert reasons == ["«Choose the call the application answers.»"]


def test_a_document_is_built_in_english_whatever_language_the_request_is_in():
    seen = []

    def build(document):
        seen.append(translation.get_language())
        raise RuntimeError("enough")

    with (
        patch("reporting.services.GeneratedDocument"),
        patch("reporting.services.figures.build", side_effect=build),
        translation.override("pl"),
    ):
        with pytest.raises(RuntimeError):
            reporting_services.document_render(document_id=1, token="token")
        assert translation.get_language() == "pl"
    assert seen == ["en"]
