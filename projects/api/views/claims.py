"""Partner claims and their expense items with supporting documents."""

from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser

from common.api.files import file_response
from common.api.schema import ErrorSerializer
from common.api.views import READ_ONLY
from projects import selectors, services
from workflows.api import WorkflowActionsMixin

from .. import filters, serializers
from .base import RecordViewSet, versions_answer


class PartnerClaimViewSet(WorkflowActionsMixin, RecordViewSet):
    """A partner's claim per period, created with the periods; its status changes by transitions."""

    selector = staticmethod(selectors.partner_claim_list)
    serializer_class = serializers.PartnerClaimSerializer
    filterset_class = filters.PartnerClaimFilter
    search_fields = ["partner__organisation__name"]
    ordering_fields = ["period__number", "status", "partner__organisation__name"]
    http_method_names = READ_ONLY


class ExpenseViewSet(RecordViewSet):
    """Expense items: written by the claim's own partner (or a coordinator) while the claim is a draft."""

    selector = staticmethod(selectors.expense_list)
    serializer_class = serializers.ExpenseSerializer
    filterset_class = filters.ExpenseFilter
    search_fields = ["description", "invoice_number"]
    ordering_fields = ["incurred_on", "amount", "category", "currency"]

    def create_record(self, data):
        return services.expense_create(actor=self.request.user, data=data)

    def update_record(self, instance, data):
        return services.expense_update(actor=self.request.user, expense=instance, data=data)

    def perform_destroy(self, instance):
        services.expense_delete(actor=self.request.user, expense=instance)

    @extend_schema(methods=["GET"], responses=serializers.FileVersionSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": serializers.UploadSerializer},
        responses={201: serializers.FileVersionSerializer, 413: ErrorSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser],
        pagination_class=None,
        filter_backends=[],
    )
    def document(self, request, pk=None):
        """The supporting document's versions, oldest first; a POST attaches the invoice or receipt (again:
        a new version, the earlier ones are kept) while the claim is a draft."""
        expense = self.get_object()
        return versions_answer(request, expense, expense.documents.all())

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 410: ErrorSerializer})
    @action(detail=True, methods=["get"], url_path="document/download", url_name="document-download")
    def document_download(self, request, pk=None):
        """The latest supporting document, as an attachment (410 if the stored file is missing)."""
        return self._document_response(self.get_object().documents.order_by("-version").first())

    @extend_schema(
        operation_id="expenses_document_version_download",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 410: ErrorSerializer},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"document/(?P<version>[0-9]{1,9})/download",
        url_name="document-version-download",
        pagination_class=None,
        filter_backends=[],
    )
    def document_version_download(self, request, pk=None, version=None):
        """One version of the supporting document, as an attachment: an earlier invoice stays readable."""
        stored = self.get_object().documents.filter(version=version).first()
        if stored is None:
            raise NotFound(f"This expense has no supporting document version {version}.")
        return self._document_response(stored)

    @staticmethod
    def _document_response(stored):
        if stored is None:
            raise NotFound("No supporting document is attached to this expense yet.")
        # Translators: names a file in "The stored file of %(file)s is missing; ask the office to restore it …".
        what = gettext("the supporting document of expense %(expense)s (%(file)s, version %(version)s)") % {
            "expense": stored.expense_id,
            "file": stored.original_name,
            "version": stored.version,
        }
        return file_response(stored, what=what)
