"""Transitions taken from the admin go through the same service: roles, guards, comment and log."""

import html

from django.urls import reverse

from projects.models import Project
from workflows.models import TransitionLog


def run_action(client, project, action: str, **form):
    url = reverse("admin:projects_project_changelist")
    return client.post(url, {"action": action, "_selected_action": [project.pk], **form}, follow=True)


def test_an_action_asks_for_the_comment_then_takes_the_transition(world, client):
    Project.objects.filter(pk=world.project.pk).update(status="proposal_review")
    client.force_login(world.users["staff"])
    world.users["staff"].is_superuser = True
    world.users["staff"].save()

    page = run_action(client, world.project, "transition_request_changes")
    assert "A comment is required" in page.content.decode()
    assert Project.objects.get(pk=world.project.pk).status == "proposal_review"

    run_action(client, world.project, "transition_request_changes", apply="1", comment="")
    assert Project.objects.get(pk=world.project.pk).status == "proposal_review"

    run_action(client, world.project, "transition_request_changes", apply="1", comment="Name the pilots.")
    assert Project.objects.get(pk=world.project.pk).status == "proposal"
    row = TransitionLog.objects.get()
    assert (row.transition, row.actor, row.comment) == ("request_changes", world.users["staff"], "Name the pilots.")

    change_page = client.get(reverse("admin:projects_project_change", args=[world.project.pk])).content.decode()
    assert "Name the pilots." in change_page


def test_the_admin_cannot_bypass_the_roles(world, client):
    staff = world.users["staff"]
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    page = run_action(client, world.project, "transition_submit_proposal", apply="1", comment="")
    assert "Only the project's coordinators may submit the proposal." in html.unescape(page.content.decode())
    assert Project.objects.get(pk=world.project.pk).status == "proposal"
    assert not TransitionLog.objects.exists()
