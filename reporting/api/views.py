"""API views for generated documents and exports: validate, call a service or a selector, answer.

``POST /api/documents/`` → 202 with the job; ``GET /api/documents/{id}/`` shows its status and
progress; ``…/download/`` gives the PDF once it is done (409 before, 410 if its stored file is lost);
``GET /api/documents/verify/`` says whether a SHA-256 is a document Clusterflow issued. Exports stream
CSV or XLSX tables. Every file goes out through ``common.api.files`` (an attachment that cannot run).
"""

import logging

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.files import attachment_response, stored_response, streamed_response
from common.api.filters import FilterSet
from common.api.schema import ErrorSerializer, ValidationErrorSerializer
from common.api.views import READ_ONLY, ScopedViewSet
from common.errors import Conflict
from projects import access
from projects import selectors as project_selectors
from reporting import exports, figures, selectors, services
from reporting.models import GeneratedDocument

from .serializers import DocumentSerializer, ExportQuerySerializer, VerifyQuerySerializer, VerifySerializer

logger = logging.getLogger(__name__)


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

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 409: ErrorSerializer, 410: ErrorSerializer}
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def download(self, request, pk=None):
        """The PDF, as an attachment, once the job is done (409 while it is queued, running or failed; 410 if the
        stored PDF is missing)."""
        document = self.get_object()
        if document.status != GeneratedDocument.Status.DONE:
            Status = GeneratedDocument.Status
            detail = {
                Status.QUEUED: "yet: it is queued; download it once its status is done.",
                Status.RUNNING: f"yet: it is being rendered ({document.progress} %); try again shortly.",
                Status.FAILED: f"because it failed: {document.error}",
            }[document.status]
            raise Conflict(f"Document {document.pk} has no PDF {detail}")
        return stored_response(
            document.file,
            filename=document.download_name,
            content_type="application/pdf",
            # Translators: names a file in "The stored file of %(file)s is missing; ask the office to restore it …".
            what=gettext("document %(number)s (%(file)s)") % {"number": document.pk, "file": document.download_name},
        )

    @extend_schema(
        parameters=[VerifyQuerySerializer], responses={200: VerifySerializer, 400: ValidationErrorSerializer}
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def verify(self, request):
        """Whether a PDF with this SHA-256 was issued by Clusterflow (among the documents you may read).

        A match whose stored PDF is gone still matches (the hash is the record of what was issued) but
        says ``file_missing: true`` and what to do, rather than vouching for a file the office no longer has.
        """
        query = VerifyQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        document = selectors.document_by_hash(user=request.user, sha256=query.validated_data["sha256"])
        if document is None:
            return Response({"match": False})
        body = {"match": True, "document": self.get_serializer(document).data, "file_missing": False}
        if selectors.document_file_missing(document):
            logger.error("The stored file of document %s (%r) is missing.", document.pk, document.file.name)
            body["file_missing"] = True
            body["detail"] = (
                f"Clusterflow issued this document ({document.download_name}), but the office's stored copy is "
                "missing; ask the office to restore it from backup."
            )
        return Response(body)


class ExportView(APIView):
    """``GET /api/projects/{id}/exports/{table}.{format}``: expense items or budget vs actual, as CSV or XLSX.

    The same rows as the funding report's tables; declared expenses are those of submitted and
    certified claims. Readable by whoever may read the project's documents.
    """

    CONTENT_TYPES = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    @extend_schema(
        operation_id="projects_exports_retrieve",
        parameters=[
            ExportQuerySerializer,
            OpenApiParameter("table", str, OpenApiParameter.PATH, enum=["expenses", "budget"]),
            OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(CONTENT_TYPES), description="csv or xlsx"),
        ],
        responses={(200, content_type.split(";")[0]): OpenApiTypes.BINARY for content_type in CONTENT_TYPES.values()},
    )
    def get(self, request, project_id: int, table: str, fmt: str):
        project = get_object_or_404(project_selectors.project_list(user=request.user), pk=project_id)
        access.require(request.user, access.Action.READ_DOCUMENTS, project)
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = None
        if "period" in query.validated_data:
            periods = project_selectors.reporting_period_list(user=request.user).filter(project=project)
            period = get_object_or_404(periods, pk=query.validated_data["period"])
        columns, rows = figures.export_table(project=project, period=period, table=table)
        scope = f"P{period.number}" if period else "cumulative"
        filename = f"{project.acronym}-{table}-{scope}.{fmt}"
        if fmt == "csv":
            return streamed_response(
                exports.csv_stream(columns, rows), filename=filename, content_type=self.CONTENT_TYPES[fmt]
            )
        workbook = exports.xlsx_file(sheet=table, columns=columns, rows=rows)
        return attachment_response(workbook, filename=filename, content_type=self.CONTENT_TYPES[fmt])
