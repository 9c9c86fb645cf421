"""The dashboard at ``/`` for a signed-in user: their projects by stage, what they can do now, what waits
for others, and the deadlines of the next 30 days.

Every rule — what counts as work, for whom, when — is ``projects.selectors.work``'s; this view only gives
each object the address of the page where it is worked on.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from projects import selectors
from web.views.transitions import PAGES


@dataclass(frozen=True)
class Linked:
    """An item of the selector with the address of its page."""

    item: Any
    url: str


def _url(kind: str, obj) -> str:
    if kind == "milestone":  # a milestone has no page of its own: its project's
        return reverse("web:project", args=[obj.project_id])
    return reverse(PAGES[kind], args=[obj.pk])


def _linked(items) -> list[Linked]:
    return [Linked(item, _url(item.kind, item.obj)) for item in items]


@login_required
def show(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard(user=request.user)
    return render(
        request,
        "web/dashboard.html",
        {
            "nav": "dashboard",
            "board": board,
            "todo": _linked(board.todo),
            "waiting": _linked(board.waiting),
            "deadlines": _linked(board.deadlines),
            "horizon_days": selectors.work.HORIZON.days,
        },
    )


urlpatterns = []
