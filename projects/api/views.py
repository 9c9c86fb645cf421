"""API views: each one takes its queryset from a selector, validates with a serializer, writes through a
service and answers with the serializer. Access rules: DESIGN.md, "Access"."""

from operator import attrgetter

from django.contrib.auth import authenticate, get_user_model
from django.db.models import Model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, NotFound, PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from common.api.files import file_response
from common.api.schema import ErrorSerializer, ValidationErrorSerializer
from common.api.views import EDIT_ONLY, READ_ONLY, WITHOUT_DELETE, ScopedViewSet
from projects import selectors, services
from projects.models import Partner, ProjectDocument, ProjectMembership
from projects.workflows import RESPONSIBLE_PARTNER, deliverable_roles
from workflows import registry
from workflows.api import HistoryRowSerializer, TransitionOptionSerializer, TransitionRequestSerializer
from workflows.services import history, transition_take, transitions_available

from . import filters, serializers

User = get_user_model()
COORDINATING = {"staff", ProjectMembership.Role.COORDINATOR}

# Actions that decide themselves who may act (a partner may submit or upload its own), not by write role.
SELF_CHECKED_ACTIONS = ("take_transition", "files", "document")


# --- Sign-in and the current user ----------------------------------------------------------------


class TokenView(APIView):
    """Exchange a username and password for an API token (``Authorization: Token …``)."""

    # Token authentication only so that a refusal is a 401 with WWW-Authenticate, as clients expect.
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=serializers.TokenRequestSerializer,
        responses={
            200: serializers.TokenSerializer,
            400: ValidationErrorSerializer,
            401: ErrorSerializer,
            429: ErrorSerializer,
        },
        auth=[],
    )
    def post(self, request):
        credentials = serializers.TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request, **credentials.validated_data)
        if user is None:
            raise AuthenticationFailed("Unknown username or wrong password.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    """The signed-in user, whether they are staff, and their project memberships with roles."""

    @extend_schema(responses=serializers.MeSerializer)
    def get(self, request):
        user = User.objects.prefetch_related("memberships__project").get(pk=request.user.pk)
        return Response(serializers.MeSerializer(user).data)


# --- Base classes --------------------------------------------------------------------------------


class IsStaffOrReadOnly(permissions.BasePermission):
    message = "Only staff change reference data."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_staff


class RecordViewSet(ScopedViewSet):
    """A resource written through the generic record services unless it names its own."""

    def create_record(self, data: dict) -> Model:
        return services.record_create(model=self.serializer_class.Meta.model, actor=self.request.user, data=data)

    def update_record(self, instance: Model, data: dict) -> Model:
        return services.record_update(instance=instance, actor=self.request.user, data=data)

    def perform_destroy(self, instance):
        services.record_delete(instance=instance, actor=self.request.user)


class ReferenceViewSet(RecordViewSet):
    """Reference data every signed-in user reads and staff maintain; it is never deleted (claims refer to it)."""

    permission_classes = [permissions.IsAuthenticated, IsStaffOrReadOnly]
    http_method_names = WITHOUT_DELETE


class WorkflowActionsMixin:
    """``GET …/{id}/transitions/``, ``POST …/{id}/transitions/{name}/`` and ``GET …/{id}/history/``.

    Scope is the selector's (404); who may take a transition, from which state and whether its guards
    pass is the transition service's (403, 409, 400), so every caller is checked alike.
    """

    def initialize_request(self, request, *args, **kwargs):
        request = super().initialize_request(request, *args, **kwargs)
        if self.action == "take_transition":  # a POST even on resources that are not created by POST
            self.http_method_names = [*self.http_method_names, "post"]
        return request

    @extend_schema(responses=TransitionOptionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def transitions(self, request, pk=None):
        """The transitions leaving the current state: allowed for you now, or the reasons why not."""
        return Response(transitions_available(obj=self.get_object(), actor=request.user))

    @extend_schema(request=TransitionRequestSerializer, operation_id=None)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"transitions/(?P<transition>[a-z_]+)",
        url_name="take-transition",
        filter_backends=[],
    )
    def take_transition(self, request, pk=None, transition=None):
        """Take a transition with a comment (and, for ``record_award``, the granted amount and reference)."""
        obj = self.get_object()
        if registry.for_model(type(obj)).get(transition) is None:
            raise NotFound(f"There is no transition {transition!r} here; GET …/transitions/ lists them.")
        body = TransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        comment = data.pop("comment", "")
        transition_take(obj=obj, name=transition, actor=request.user, comment=comment, payload=data)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(responses=HistoryRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every transition taken on this object, oldest first, with the log's hash chain."""
        return Response(HistoryRowSerializer(history(obj=self.get_object()), many=True).data)


def budget_response(*, user, project, partners) -> Response:
    """Budget vs actual for the partners of ``project`` whose spending ``user`` may see."""
    figures = selectors.budget_vs_actual(partners=partners & selectors.money_partner_list(user=user))
    body = {
        "project": project.pk,
        "currency": project.currency,
        "partners": figures,
        "totals": selectors.budget_totals(figures),
    }
    return Response(serializers.BudgetSerializer(body).data)


class FilesMixin:
    """``GET``/``POST …/{id}/files/`` (versions, upload a new one) and ``GET …/files/{version}/download/``."""

    def may_upload(self, owner) -> bool:
        raise NotImplementedError

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
    def files(self, request, pk=None):
        """The stored versions, oldest first; a POST adds the next version (nothing is overwritten)."""
        owner = self.get_object()
        if request.method == "POST":
            if not self.may_upload(owner):
                raise PermissionDenied("You may read these files but not upload new versions.")
            version = services.file_version_add(owner=owner, upload=request.FILES.get("file"), actor=request.user)
            return Response(serializers.FileVersionSerializer(version).data, status=201)
        versions = owner.versions.select_related("uploaded_by").order_by("version")
        return Response(serializers.FileVersionSerializer(versions, many=True).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"files/(?P<version>[0-9]{1,9})/download",
        url_name="file-download",
        pagination_class=None,
        filter_backends=[],
    )
    def download(self, request, pk=None, version=None):
        """The file of one version, as an attachment."""
        stored = self.get_object().versions.filter(version=version).first()
        if stored is None:
            raise NotFound(f"There is no version {version}.")
        return file_response(stored)


class ProjectDataViewSet(RecordViewSet):
    """Data inside one project: its members read it; ``write_roles`` change it (staff and coordinators).

    ``project_path`` leads from a row to its project (``"project"``, ``"period.project"``).
    """

    project_path = "project"
    write_roles = COORDINATING

    def project_of(self, values: Model | dict):
        first, _, rest = self.project_path.partition(".")
        holder = values[first] if isinstance(values, dict) else getattr(values, first)
        return attrgetter(rest)(holder) if rest else holder

    def check_write(self, instance: Model | dict) -> None:
        role = selectors.project_role(user=self.request.user, project=self.project_of(instance))
        if role not in self.write_roles and not self.may_write_own(instance):
            raise PermissionDenied(self.forbidden_message(role))

    def may_write_own(self, instance: Model | dict) -> bool:
        """Partners may write some rows of their own organisation; see the subclasses that allow it."""
        return False

    def forbidden_message(self, role: str | None) -> str:
        return f"As {role or 'a member'} of this project you can read this but not change it."

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        # Transitions and uploads check who may act themselves (a partner may submit or upload its own).
        if request.method not in permissions.SAFE_METHODS and self.action not in (
            "take_transition",
            "files",
            "document",
        ):
            self.check_write(obj)

    def perform_create(self, serializer):
        self.check_write(serializer.validated_data)
        super().perform_create(serializer)


# --- Users and reference data --------------------------------------------------------------------


class IsStaff(permissions.IsAdminUser):
    message = "Only staff manage user accounts."


class UserViewSet(RecordViewSet):
    """Staff manage user accounts."""

    serializer_class = serializers.UserSerializer
    permission_classes = [IsStaff]
    http_method_names = WITHOUT_DELETE
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["username", "last_name", "email"]
    filterset_fields = ["is_staff", "is_active"]

    def get_queryset(self):
        return User.objects.order_by("username")

    def create_record(self, data):
        return services.user_save(actor=self.request.user, data=data)

    def update_record(self, instance, data):
        return services.user_save(actor=self.request.user, data=data, user=instance)


class OrganisationViewSet(RecordViewSet):
    """Every signed-in user reads organisations; staff and coordinators add and correct them."""

    http_method_names = WITHOUT_DELETE
    selector = staticmethod(selectors.organisation_list)
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    search_fields = ["name", "short_name", "city", "pic", "vat_number"]
    ordering_fields = ["name", "country", "kind"]

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method not in permissions.SAFE_METHODS and not (
            request.user.is_staff or request.user.memberships.filter(role=ProjectMembership.Role.COORDINATOR).exists()
        ):
            raise PermissionDenied("Only staff and coordinators add or change organisations.")


class ClusterViewSet(ReferenceViewSet):
    selector = staticmethod(selectors.cluster_list)
    serializer_class = serializers.ClusterSerializer
    filterset_class = filters.ClusterFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "country"]


class ProgrammeViewSet(ReferenceViewSet):
    selector = staticmethod(selectors.programme_list)
    serializer_class = serializers.ProgrammeSerializer
    filterset_class = filters.ProgrammeFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]

    def create_record(self, data):
        return services.programme_save(actor=self.request.user, data=data)

    def update_record(self, instance, data):
        return services.programme_save(actor=self.request.user, data=data, programme=instance)


class CallViewSet(ReferenceViewSet):
    selector = staticmethod(selectors.call_list)
    serializer_class = serializers.CallSerializer
    filterset_class = filters.CallFilter
    search_fields = ["identifier", "title"]
    ordering_fields = ["deadline", "opens_on", "identifier"]


class ExchangeRateViewSet(ReferenceViewSet):
    selector = staticmethod(selectors.exchange_rate_list)
    serializer_class = serializers.ExchangeRateSerializer
    filterset_class = filters.ExchangeRateFilter
    search_fields = ["currency", "source"]
    ordering_fields = ["month", "currency"]


# --- Projects and their data ---------------------------------------------------------------------


class ProjectViewSet(WorkflowActionsMixin, ProjectDataViewSet):
    """Projects: members see their own; staff and coordinators create and edit. Nothing with history is deleted."""

    selector = staticmethod(selectors.project_list)
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    search_fields = ["acronym", "title", "summary", "funder_reference"]
    ordering_fields = ["acronym", "start_date", "end_date", "status", "title"]
    http_method_names = WITHOUT_DELETE
    project_path = ""

    def project_of(self, values):
        return values

    @extend_schema(responses=serializers.BudgetSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def budget(self, request, pk=None):
        """Budget vs actual per partner and cost category (a partner sees only its own organisation)."""
        project = self.get_object()
        return budget_response(user=request.user, project=project, partners=Partner.objects.filter(project=project))

    def check_write(self, instance):
        if isinstance(instance, dict):  # a new project: no role in it yet
            user = self.request.user
            if not (user.is_staff or user.memberships.filter(role=ProjectMembership.Role.COORDINATOR).exists()):
                raise PermissionDenied("Only staff and coordinators start projects.")
        else:
            super().check_write(instance)

    def create_record(self, data):
        return services.project_create(actor=self.request.user, data=data)


class PartnerViewSet(ProjectDataViewSet):
    """The consortium with each partner's budget; budget lines are written whole with the partner."""

    selector = staticmethod(selectors.partner_list)
    serializer_class = serializers.PartnerSerializer
    filterset_class = filters.PartnerFilter
    search_fields = ["organisation__name", "organisation__short_name"]
    ordering_fields = ["role", "organisation__name"]
    http_method_names = WITHOUT_DELETE

    @extend_schema(responses=serializers.BudgetSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[], url_path="budget")
    def budget(self, request, pk=None):
        """This partner's budget vs actual per cost category."""
        partner = self.get_object()
        if not selectors.money_partner_list(user=request.user).filter(pk=partner.pk).exists():
            raise NotFound("No such partner's spending is visible to you.")
        return budget_response(
            user=request.user, project=partner.project, partners=Partner.objects.filter(pk=partner.pk)
        )

    def create_record(self, data):
        data = dict(data)
        lines = data.pop("budget_lines", [])
        return services.partner_create(actor=self.request.user, data=data, budget_lines=lines)

    def update_record(self, instance, data):
        data = dict(data)
        lines = data.pop("budget_lines", None)
        return services.partner_update(actor=self.request.user, partner=instance, data=data, budget_lines=lines)


class MembershipViewSet(ProjectDataViewSet):
    """Who works on a project. Coordinators add partners and auditors; staff appoint coordinators."""

    selector = staticmethod(selectors.membership_list)
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    ordering_fields = ["role", "user__username"]

    def create_record(self, data):
        return services.membership_create(actor=self.request.user, data=data)

    def update_record(self, instance, data):
        return services.membership_update(actor=self.request.user, membership=instance, data=data)

    def perform_destroy(self, instance):
        services.membership_delete(actor=self.request.user, membership=instance)


class WorkPackageViewSet(ProjectDataViewSet):
    selector = staticmethod(selectors.work_package_list)
    serializer_class = serializers.WorkPackageSerializer
    filterset_class = filters.WorkPackageFilter
    search_fields = ["title"]
    ordering_fields = ["number", "title"]


class DeliverableViewSet(WorkflowActionsMixin, FilesMixin, ProjectDataViewSet):
    selector = staticmethod(selectors.deliverable_list)
    serializer_class = serializers.DeliverableSerializer
    filterset_class = filters.DeliverableFilter
    search_fields = ["code", "title", "description"]
    ordering_fields = ["due_date", "code", "title", "status"]

    def perform_destroy(self, instance):
        services.deliverable_delete(actor=self.request.user, deliverable=instance)

    def may_upload(self, deliverable):
        """Staff, the coordinators and the members of the responsible partner's organisation."""
        return bool(deliverable_roles(self.request.user, deliverable) & {"staff", "coordinator", RESPONSIBLE_PARTNER})


class MilestoneViewSet(ProjectDataViewSet):
    selector = staticmethod(selectors.milestone_list)
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilter
    search_fields = ["code", "title"]
    ordering_fields = ["due_date", "code", "achieved_on"]


class ReportingPeriodViewSet(ProjectDataViewSet):
    """Periods are generated when the grant agreement is signed and stay editable; a new one brings its
    report and claims."""

    selector = staticmethod(selectors.reporting_period_list)
    serializer_class = serializers.ReportingPeriodSerializer
    filterset_class = filters.ReportingPeriodFilter
    ordering_fields = ["number", "start_date", "report_due_date"]
    http_method_names = WITHOUT_DELETE

    def create_record(self, data):
        return services.reporting_period_create(actor=self.request.user, data=data)


class PeriodicReportViewSet(WorkflowActionsMixin, ProjectDataViewSet):
    """One report per period, created with it: coordinators write the narrative and deviations."""

    selector = staticmethod(selectors.periodic_report_list)
    serializer_class = serializers.PeriodicReportSerializer
    filterset_class = filters.PeriodicReportFilter
    search_fields = ["narrative", "deviations"]
    ordering_fields = ["period__number", "period__end_date", "status"]
    http_method_names = EDIT_ONLY
    project_path = "period.project"

    def update_record(self, instance, data):
        return services.periodic_report_update(actor=self.request.user, report=instance, data=data)


class IndicatorViewSet(ProjectDataViewSet):
    selector = staticmethod(selectors.indicator_list)
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name"]
    http_method_names = WITHOUT_DELETE


class IndicatorValueViewSet(ProjectDataViewSet):
    selector = staticmethod(selectors.indicator_value_list)
    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter
    search_fields = ["note"]
    ordering_fields = ["period__number", "value"]
    http_method_names = WITHOUT_DELETE
    project_path = "indicator.project"


class ProjectDocumentViewSet(FilesMixin, ProjectDataViewSet):
    """Signed partnership mandates, the signed grant agreement and other documents, each with its versions.

    Staff and coordinators upload any; a partner uploads its own organisation's mandate.
    """

    selector = staticmethod(selectors.project_document_list)
    serializer_class = serializers.ProjectDocumentSerializer
    filterset_class = filters.ProjectDocumentFilter
    search_fields = ["title"]
    ordering_fields = ["kind", "title"]
    http_method_names = WITHOUT_DELETE
    parser_classes = [MultiPartParser, JSONParser]

    def may_write_own(self, instance):
        kind = instance["kind"] if isinstance(instance, dict) else instance.kind
        partner = instance.get("partner") if isinstance(instance, dict) else instance.partner
        return (
            kind == ProjectDocument.Kind.PARTNERSHIP_MANDATE
            and partner is not None
            and selectors.works_for(user=self.request.user, partner_id=partner.pk)
        )

    def may_upload(self, document):
        role = selectors.project_role(user=self.request.user, project=document.project)
        return role in self.write_roles or self.may_write_own(document)

    def create_record(self, data):
        data = dict(data)
        upload = data.pop("file", None)
        return services.project_document_create(actor=self.request.user, data=data, upload=upload)


# --- Claims and expenses -------------------------------------------------------------------------


class PartnerClaimViewSet(WorkflowActionsMixin, RecordViewSet):
    """A partner's claim per period, created with the periods; its status changes by transitions."""

    selector = staticmethod(selectors.partner_claim_list)
    serializer_class = serializers.PartnerClaimSerializer
    filterset_class = filters.PartnerClaimFilter
    search_fields = ["partner__organisation__name"]
    ordering_fields = ["period__number", "status", "partner__organisation__name"]
    http_method_names = READ_ONLY


class ExpenseViewSet(ProjectDataViewSet):
    """Expense items: written by the claim's own partner (or a coordinator) while the claim is a draft."""

    selector = staticmethod(selectors.expense_list)
    serializer_class = serializers.ExpenseSerializer
    filterset_class = filters.ExpenseFilter
    search_fields = ["description", "invoice_number"]
    ordering_fields = ["incurred_on", "amount", "category", "currency"]
    project_path = "claim.partner.project"

    def may_write_own(self, instance):
        claim = instance["claim"] if isinstance(instance, dict) else instance.claim
        return selectors.works_for(user=self.request.user, partner_id=claim.partner_id)

    def forbidden_message(self, role):
        return "Only the claim's own partner and the coordinators write its expenses."

    def create_record(self, data):
        return services.expense_create(actor=self.request.user, data=data)

    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": serializers.UploadSerializer},
        responses={201: serializers.FileVersionSerializer, 413: ErrorSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser], filter_backends=[])
    def document(self, request, pk=None):
        """Attach the invoice or receipt (again: a new version) while the claim is a draft."""
        expense = self.get_object()
        self.check_write(expense)
        version = services.file_version_add(owner=expense, upload=request.FILES.get("file"), actor=request.user)
        return Response(serializers.FileVersionSerializer(version).data, status=201)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="document/download", url_name="document-download")
    def document_download(self, request, pk=None):
        """The latest supporting document, as an attachment."""
        stored = self.get_object().documents.order_by("-version").first()
        if stored is None:
            raise NotFound("No supporting document is attached to this expense yet.")
        return file_response(stored)

    def update_record(self, instance, data):
        return services.expense_update(actor=self.request.user, expense=instance, data=data)

    def perform_destroy(self, instance):
        services.expense_delete(actor=self.request.user, expense=instance)
