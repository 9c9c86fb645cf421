"""The reports page: request a funding report, progress report or audit trail, follow its rendering, download it,
verify a PDF by its fingerprint, and the CSV/XLSX exports.

The same calls as ``/api/documents/``: ``reporting.services.document_request`` queues a document (the model and
the access policy decide what may be requested), ``reporting.selectors.document_list`` is what the user may read
(staff, the project's coordinators and auditors; for a partner generated documents do not exist, as in the API),
``document_by_hash`` the same rule as ``GET /api/documents/verify/``. Files go out through ``common.api.files``.
The exports are the API's own (``/api/projects/{id}/exports/…``), linked with the session.
"""

import hashlib
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from common.api.files import stored_response
from common.errors import Conflict, Invalid, TooLarge
from projects import access
from projects import selectors as project_selectors
from projects.models import Project, ReportingPeriod
from reporting import selectors, services
from reporting.models import GeneratedDocument
from web.templatetags.pages import day

PER_PAGE = 20
EXPORT_TABLES = ("expenses", "budget")
EXPORT_FORMATS = ("csv", "xlsx")


def document_projects(user) -> QuerySet[Project]:
    """The user's projects whose documents and exports they may read (the access policy's ``READ_DOCUMENTS``)."""
    projects = project_selectors.project_list(user=user).select_related(None).prefetch_related(None).order_by("acronym")
    return access.scoped(projects, user, access.Action.READ_DOCUMENTS, project=access.SELF)


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, period: ReportingPeriod) -> str:
        return _("%(acronym)s · period %(number)s (%(start)s – %(end)s)") % {
            "acronym": period.project.acronym,
            "number": period.number,
            "start": day(period.start_date),
            "end": day(period.end_date),
        }


class RequestForm(forms.Form):
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(), label=gettext_lazy("Project"), empty_label=gettext_lazy("Choose a project")
    )
    kind = forms.ChoiceField(choices=GeneratedDocument.Kind.choices, label=gettext_lazy("Document"))
    period = PeriodChoiceField(
        queryset=ReportingPeriod.objects.none(),
        required=False,
        label=gettext_lazy("Period"),
        empty_label=gettext_lazy("Cumulative: the whole project so far"),
    )

    def __init__(self, *args, projects: QuerySet[Project], periods: QuerySet[ReportingPeriod], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["period"].queryset = periods


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The PDF to verify"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )
    sha256 = forms.CharField(
        label=gettext_lazy("or paste its SHA-256"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("64 hexadecimal digits, as sha256sum prints them."),
    )

    def clean_sha256(self) -> str:
        value = self.cleaned_data["sha256"].strip().lower()
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise forms.ValidationError(_("A SHA-256 is 64 hexadecimal digits (sha256sum prints it)."))
        return value

    def clean(self):
        cleaned = super().clean()
        upload, typed = cleaned.get("file"), cleaned.get("sha256")
        if not self.errors and not upload and not typed:
            raise forms.ValidationError(_("Choose a PDF or paste its SHA-256."))
        if upload and typed and upload.sha256 != typed:
            raise forms.ValidationError(_("Give either a PDF or a SHA-256, not both."))
        return cleaned

    @property
    def fingerprint(self) -> str:
        upload = self.cleaned_data.get("file")
        return upload.sha256 if upload else self.cleaned_data["sha256"]


class FingerprintUploadHandler(FileUploadHandler):
    """Computes an uploaded file's SHA-256 while it streams in and keeps none of it: the file in
    ``request.FILES`` is empty, with the ``size`` and ``sha256`` of what was sent."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.digest = hashlib.sha256()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.digest.update(raw_data)
        return None

    def file_complete(self, file_size: int) -> SimpleUploadedFile:
        fingerprinted = SimpleUploadedFile(self.file_name, b"", content_type=self.content_type)
        fingerprinted.size = file_size
        fingerprinted.sha256 = self.digest.hexdigest()
        return fingerprinted


def _exports(projects: QuerySet[Project], selected: Project | None, user) -> list[dict]:
    """The API's export URLs per project: the whole project, and each period for the selected project."""

    def links(project: Project, period: ReportingPeriod | None) -> dict:
        query = f"?period={period.pk}" if period else ""
        return {
            f"{table}_{fmt}": reverse("project-export", kwargs={"project_id": project.pk, "table": table, "fmt": fmt})
            + query
            for table in EXPORT_TABLES
            for fmt in EXPORT_FORMATS
        }

    rows = []
    for project in [selected] if selected else projects:
        rows.append({"project": project, "period": None, "urls": links(project, None)})
        if selected:
            periods = project_selectors.reporting_period_list(user=user).filter(project=project)
            rows += [{"project": project, "period": period, "urls": links(project, period)} for period in periods]
    return rows


def _page(
    request: HttpRequest,
    *,
    form: RequestForm | None = None,
    verify_form: VerifyForm | None = None,
    verification: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    projects = document_projects(request.user)
    selected = None
    if request.GET.get("project", "").isdigit():
        selected = get_object_or_404(projects, pk=request.GET["project"])
    periods = project_selectors.reporting_period_list(user=request.user).select_related("project")
    periods = periods.filter(project=selected) if selected else periods.filter(project__in=projects)
    if form is None:
        only = projects.first() if len(projects) == 1 else None
        form = RequestForm(projects=projects, periods=periods, initial={"project": selected or only})
    documents = selectors.document_list(user=request.user)
    if selected:
        documents = documents.filter(project=selected)
    page_obj = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "nav": "documents",
        "projects": projects,
        "selected": selected,
        "form": form,
        "page_obj": page_obj,
        "verify_form": verify_form or VerifyForm(),
        "verification": verification,
        "exports": _exports(projects, selected, request.user) if projects else [],
    }
    template = "web/documents/index.html"
    if request.htmx and (verification is not None or verify_form is not None):
        template += "#verification"  # the verification box answers in place
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def show(request: HttpRequest) -> HttpResponse:
    """The page; a POST requests a document like ``POST /api/documents/`` and comes back to its row."""
    if request.method != "POST":
        return _page(request)
    projects = document_projects(request.user)
    periods = project_selectors.reporting_period_list(user=request.user).filter(project__in=projects)
    form = RequestForm(request.POST, projects=projects, periods=periods)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    data = form.cleaned_data
    try:
        document = services.document_request(
            actor=request.user, project=data["project"], kind=data["kind"], period=data["period"]
        )
    except Invalid as error:  # what the kind asks of the project and the period, every reason at once
        for reason in error.reasons or [error.message]:
            form.add_error(None, reason)
        return _page(request, form=form, status=400)
    messages.success(
        request,
        _("%(document)s requested: its row below shows the progress until the PDF can be downloaded.")
        % {"document": document.get_kind_display()},
    )
    return redirect(reverse("web:documents") + f"?project={document.project_id}#document-{document.pk}")


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's row, polled by htmx while it is queued or running; without htmx, the page at that row."""
    document = get_object_or_404(selectors.document_list(user=request.user), pk=pk)
    if not request.htmx:
        return redirect(reverse("web:documents") + f"?project={document.project_id}#document-{document.pk}")
    return render(request, "web/documents/index.html#document-row", {"document": document})


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF as an attachment once it is done; a 409 page before (410 if the stored file is lost)."""
    document = get_object_or_404(selectors.document_list(user=request.user), pk=pk)
    Status = GeneratedDocument.Status
    if document.status == Status.QUEUED:
        raise Conflict(_("This document is still queued: download it once its status is done."))
    if document.status == Status.RUNNING:
        raise Conflict(
            _("This document is being rendered (%(progress)s %%): download it once its status is done.")
            % {"progress": document.progress}
        )
    if document.status == Status.FAILED:
        raise Conflict(_("This document has no PDF because its rendering failed: request it again."))
    return stored_response(
        document.file,
        filename=document.download_name,
        content_type="application/pdf",
        # Translators: names a file in "The stored file of %(file)s is missing; ask the office to restore it …".
        what=_("document %(number)s (%(file)s)") % {"number": document.pk, "file": document.download_name},
    )


def _verified(request: HttpRequest, sha256: str) -> dict:
    document = selectors.document_by_hash(user=request.user, sha256=sha256)
    return {
        "sha256": sha256,
        "document": document,
        "file_missing": bool(document) and selectors.document_file_missing(document),
    }


@csrf_protect
def _verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, verify_form=form, status=400)
    return _page(request, verify_form=VerifyForm(), verification=_verified(request, form.fingerprint))


@csrf_exempt  # checked by _verify once the upload handlers are in place: the CSRF check reads the body
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Whether a PDF (uploaded: only its SHA-256 is computed, while it streams; nothing is kept) or a pasted
    SHA-256 is a document Clusterflow issued, among those the user may read (``GET /api/documents/verify/``)."""
    if request.method == "GET":
        form = VerifyForm(request.GET)
        if not request.GET or not form.is_valid():
            return _page(request, verify_form=form if request.GET else None, status=400 if request.GET else 200)
        return _page(request, verify_form=VerifyForm(), verification=_verified(request, form.fingerprint))
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.FILE_UPLOAD_MAX_SIZE:
        raise TooLarge(
            _("The file is larger than %(limit)s MB: no document Clusterflow issues is that large.")
            % {"limit": settings.FILE_UPLOAD_MAX_SIZE // (1024 * 1024)}
        )
    request.upload_handlers = [FingerprintUploadHandler(request)]
    return _verify(request)


urlpatterns = [
    path("reports/", show, name="documents"),
    path("reports/verify/", verify, name="document-verify"),
    path("reports/<int:pk>/progress/", progress, name="document-progress"),
    path("reports/<int:pk>/download/", download, name="document-download"),
]
