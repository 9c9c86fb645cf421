"""A deliverable's page: what it is and when it is due, its file versions with their SHA-256 and
downloads, the upload of a new version, the review's transitions and the review history.

Reads go through ``projects.selectors.deliverable_list`` (a deliverable outside it is a 404, a sensitive
one included); the upload is ``projects.services.file_version_add`` and the download
``common.api.files.file_response``, exactly as the API's ``…/deliverables/{id}/files/`` does.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.api.files import file_response
from common.errors import Invalid
from projects import access, selectors, services
from projects.models import Deliverable, DeliverableFile
from web.views.history import object_events
from web.views.transitions import transition_options

TEMPLATE = "web/deliverables/show.html"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))


def _deliverable(request: HttpRequest, pk: int) -> Deliverable:
    queryset = selectors.deliverable_list(user=request.user).select_related(
        "project", "work_package", "responsible_partner__organisation"
    )
    return get_object_or_404(queryset, pk=pk)


def _page(request: HttpRequest, deliverable: Deliverable, form: UploadForm | None = None, status: int = 200):
    reviews = object_events(deliverable)
    changes_requested = next((event for event in reviews if event.log.transition == "request_changes"), None)
    context = {
        "deliverable": deliverable,
        "versions": deliverable.versions.select_related("uploaded_by").order_by("-version"),
        "may_upload": access.may(request.user, access.Action.UPLOAD, DeliverableFile(deliverable=deliverable)),
        "form": form or UploadForm(),
        "max_bytes": settings.FILE_UPLOAD_MAX_SIZE,
        "transitions": transition_options(deliverable, request.user),
        "history": reviews,
        "changes_requested": changes_requested if deliverable.status == Deliverable.Status.CHANGES_REQUESTED else None,
        "late_submission": selectors.late_submission_of(deliverable),
        "overdue_days": (timezone.localdate() - deliverable.due_date).days,
        "nav": "projects",
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
def show(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _deliverable(request, pk))


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version from the form's file; a refused file comes back to the page with the reason next to the
    input (400), a file too large is the 413 page (``TooLarge`` is left to the error pages)."""
    deliverable = _deliverable(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, deliverable, form, status=400)
    try:
        version = services.file_version_add(owner=deliverable, upload=form.cleaned_data["file"], actor=request.user)
    except Invalid as error:
        form.add_error("file", [error.message, *error.reasons])
        return _page(request, deliverable, form, status=400)
    messages.success(
        request,
        _("Uploaded %(name)s as version %(version)s.") % {"name": version.original_name, "version": version.version},
    )
    return redirect("web:deliverable", pk=deliverable.pk)


@login_required
def download(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    """One version's file as an attachment, for whoever sees the deliverable (410 if the stored file is gone)."""
    deliverable = _deliverable(request, pk)
    stored = get_object_or_404(deliverable.versions, version=version)
    # Translators: names a file in "The stored file of %(file)s is missing; ask the office to restore it …".
    what = _("version %(version)s of deliverable %(owner)s (%(file)s)") % {
        "version": stored.version,
        "owner": deliverable,
        "file": stored.original_name,
    }
    return file_response(stored, what=what)


urlpatterns = [
    path("deliverables/<int:pk>/", show, name="deliverable"),
    path("deliverables/<int:pk>/files/", upload, name="deliverable-upload"),
    path("deliverables/<int:pk>/files/<int:version>/", download, name="deliverable-file"),
]
