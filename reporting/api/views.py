"""API views for generated documents and exports: validate, call a service or a selector, answer.

``POST /api/documents/`` → 202 with the job; ``GET /api/documents/{id}/`` shows its status and
progress; ``…/download/`` gives the PDF once it is done (409 before); ``GET /api/documents/verify/``
says whether a SHA-256 is a document Clusterflow issued. Exports stream CSV or XLSX tables.
"""

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from config.schema import ErrorSerializer, ValidationErrorSerializer
from projects import selectors as project_selectors
from projects.api.filters import FilterSet
from projects.api.views import READ_ONLY, ScopedViewSet, attachment_response
from projects.models import ReportingPeriod
from reporting import exports, figures, selectors, services
from reporting.models import GeneratedDocument
from workflows.errors import Conflict

from .serializers import DocumentSerializer, VerifyQuerySerializer, VerifySerializer


class DocumentFilter(FilterSet):
    status = filters.MultipleChoiceFilter(choices=GeneratedDocument.Status.choices)
    kind = filters.MultipleChoiceFilter(choices=GeneratedDocument.Kind.choices)

    class Meta:
        model = GeneratedDocument
        fields = ["project", "period"]


class DocumentViewSet(ScopedViewSet):
    """Funding reports, progress reports and audit trails as PDF/A, rendered by a worker."""

    selector = staticmethod(selectors.document_list)
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    search_fields = ["project__acronym", "project__title"]
    ordering_fields = ["created_at", "finished_at", "kind", "status"]
    http_method_names = [*READ_ONLY, "post"]

    @extend_schema(responses={202: DocumentSerializer})
    def create(self, request, *args, **kwargs):
        """Request a document: answers 202 at once with the job; poll it for its status and progress."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        document = services.document_request(
            actor=request.user, project=data["project"], kind=data["kind"], period=data.get("period")
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=document.pk)).data, status=202)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, 409: ErrorSerializer})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def download(self, request, pk=None):
        """The PDF, as an attachment, once the job is done (409 while it is queued, running or failed)."""
        document = self.get_object()
        if document.status != GeneratedDocument.Status.DONE:
            detail = {
                GeneratedDocument.Status.QUEUED: "It is queued: download it when its status is done.",
                GeneratedDocument.Status.RUNNING: f"It is being rendered ({document.progress} %): try again shortly.",
                GeneratedDocument.Status.FAILED: f"It failed: {document.error} Request it again.",
            }[document.status]
            raise Conflict(f"Document {document.pk} has no PDF yet. {detail}")
        return attachment_response(
            document.file.open("rb"), filename=document.download_name, content_type="application/pdf"
        )

    @extend_schema(
        parameters=[VerifyQuerySerializer], responses={200: VerifySerializer, 400: ValidationErrorSerializer}
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def verify(self, request):
        """Whether a PDF with this SHA-256 was issued by Clusterflow (among the documents you may read)."""
        query = VerifyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        document = selectors.document_by_hash(user=request.user, sha256=query.validated_data["sha256"])
        if document is None:
            return Response({"match": False})
        return Response({"match": True, "document": self.get_serializer(document).data})


EXPORT_PERIOD = OpenApiParameter("period", int, description="A reporting period's id; omit for the whole project")


class ExportView(APIView):
    """``GET /api/projects/{id}/exports/{table}.{format}``: expense items or budget vs actual, as CSV or XLSX.

    The same rows as the funding report's tables; declared expenses are those of submitted and
    certified claims. Readable by whoever may request the project's documents.
    """

    CONTENT_TYPES = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    @extend_schema(
        parameters=[EXPORT_PERIOD],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, (200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, project_id: int, table: str, fmt: str):
        project = get_object_or_404(project_selectors.project_list(user=request.user), pk=project_id)
        if not services.may_request_documents(user=request.user, project=project):
            raise PermissionDenied("Only staff, coordinators and auditors export the project's figures.")
        period = None
        if request.query_params.get("period"):
            periods = ReportingPeriod.objects.filter(project=project)
            period = get_object_or_404(periods, pk=_id(request.query_params["period"]))
        columns, rows = figures.export_table(project=project, period=period, table=table)
        scope = f"P{period.number}" if period else "cumulative"
        filename = f"{project.acronym}-{table}-{scope}.{fmt}"
        if fmt == "csv":
            response = StreamingHttpResponse(exports.csv_stream(columns, rows), content_type=self.CONTENT_TYPES[fmt])
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["X-Content-Type-Options"] = "nosniff"
            return response
        workbook = exports.xlsx_file(sheet=table, columns=columns, rows=rows)
        return attachment_response(workbook, filename=filename, content_type=self.CONTENT_TYPES[fmt])


def _id(value: str) -> int:
    """A query-string id; anything that is not one finds nothing (404), like an id outside the project."""
    return int(value) if value.isdigit() and len(value) <= 18 else 0
