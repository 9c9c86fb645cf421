"""Serializers: the API's shapes and field formats. Rules live in the models and services."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueTogetherValidator

from common.api.fields import AwareDateTimeField, IdRelatedField, MoneyField, MonthField, RateField
from projects import selectors
from projects.models import (
    BudgetLine,
    Call,
    Cluster,
    CostCategory,
    Deliverable,
    ExchangeRate,
    Expense,
    FlatRate,
    Indicator,
    IndicatorValue,
    Milestone,
    Organisation,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Programme,
    Project,
    ProjectDocument,
    ProjectMembership,
    ReportingPeriod,
    WorkPackage,
)

STATUS_MESSAGE = "The status changes only through a transition: POST …/{id}/transitions/{name}/."


class ModelSerializer(serializers.ModelSerializer):
    """Related ids are looked up among what the user may see (others are "object does not exist"), and a
    request that tries to change the status is refused: only transitions change it."""

    serializer_related_field = IdRelatedField

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return fields
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            if isinstance(relation, serializers.PrimaryKeyRelatedField) and relation.queryset is not None:
                relation.queryset = selectors.visible(
                    model=relation.queryset.model, user=request.user, queryset=relation.queryset
                )
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "status" in self.fields and "status" in self.initial_data:
            current = self.instance.status if self.instance else self.Meta.model._meta.get_field("status").default
            if self.initial_data["status"] != current:
                raise serializers.ValidationError({"status": STATUS_MESSAGE})
        return attrs


# --- People --------------------------------------------------------------------------------------


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "first_name", "last_name", "is_staff", "password"]


class MembershipSummarySerializer(serializers.ModelSerializer):
    project_acronym = serializers.CharField(source="project.acronym", read_only=True)

    class Meta:
        model = ProjectMembership
        fields = ["id", "project", "project_acronym", "role", "organisation"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSummarySerializer(many=True, read_only=True)

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "first_name", "last_name", "is_staff", "memberships"]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


# --- Reference data ------------------------------------------------------------------------------


class OrganisationSerializer(ModelSerializer):
    pic = serializers.RegexField(
        r"^[0-9]{9}$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": "The EU PIC has exactly 9 digits, for example 949658587."},
    )

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "country", "city", "vat_number", "pic", "website"]


class ClusterSerializer(ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["id", "name", "country", "coordinating_organisation", "members", "description"]
        extra_kwargs = {"members": {"required": False}}


class FlatRateSerializer(serializers.ModelSerializer):
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, help_text="Percent")
    base = serializers.ListField(child=serializers.ChoiceField(choices=CostCategory.choices), allow_empty=False)

    class Meta:
        model = FlatRate
        fields = ["category", "rate", "base"]


class ProgrammeSerializer(ModelSerializer):
    flat_rates = FlatRateSerializer(many=True, required=False)

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "code",
            "currency",
            "reporting_period_months",
            "report_due_days",
            "exchange_rate_rule",
            "flat_rates",
        ]
        extra_kwargs = {"reporting_period_months": {"min_value": 1}}

    def validate_flat_rates(self, flat_rates):
        categories = [flat_rate["category"] for flat_rate in flat_rates]
        for flat_rate in flat_rates:
            if flat_rate["category"] in flat_rate["base"]:
                raise serializers.ValidationError(f"{flat_rate['category']} cannot be computed from itself.")
            from_flat = set(flat_rate["base"]) & set(categories)
            if from_flat:
                raise serializers.ValidationError(
                    f"{flat_rate['category']} is computed from another flat rate ({', '.join(sorted(from_flat))}); "
                    "flat rates are computed from direct costs only."
                )
        if len(set(categories)) != len(categories):
            raise serializers.ValidationError("Each category can have one flat rate only.")
        return flat_rates


class CallSerializer(ModelSerializer):
    deadline = AwareDateTimeField()
    co_financing_rate = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    max_grant = MoneyField()

    class Meta:
        model = Call
        fields = ["id", "programme", "identifier", "title", "opens_on", "deadline", "co_financing_rate", "max_grant"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        opens_on = attrs.get("opens_on", getattr(self.instance, "opens_on", None))
        deadline = attrs.get("deadline", getattr(self.instance, "deadline", None))
        if opens_on and deadline and deadline.date() < opens_on:
            raise serializers.ValidationError({"deadline": "The deadline must not be before the call opens."})
        return attrs


class ExchangeRateSerializer(ModelSerializer):
    month = MonthField()
    rate = RateField(min_value=Decimal("0.000001"), help_text="Units of the currency per 1 EUR")

    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "month", "rate", "source"]

    def validate_currency(self, currency):
        if currency == "EUR":
            raise serializers.ValidationError("EUR is the base of every rate: it has no rate of its own.")
        return currency


# --- Projects and consortium ---------------------------------------------------------------------


class ProjectSerializer(ModelSerializer):
    lead_partner = serializers.SerializerMethodField()
    total_budget = MoneyField(read_only=True)
    requested_grant = MoneyField(read_only=True)
    granted_amount = MoneyField(read_only=True, allow_null=True)
    currency = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "acronym",
            "title",
            "summary",
            "cluster",
            "call",
            "start_date",
            "end_date",
            "status",
            "lead_partner",
            "total_budget",
            "requested_grant",
            "granted_amount",
            "funder_reference",
            "currency",
        ]
        read_only_fields = ["status", "funder_reference"]

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="The lead partner's id"))
    def get_lead_partner(self, project: Project) -> int | None:
        lead = project.lead_partner
        return lead.pk if lead else None

    def validate(self, attrs):
        attrs = super().validate(attrs)
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and start > end:
            raise serializers.ValidationError({"end_date": "The project cannot end before it starts."})
        return attrs


class BudgetLineSerializer(serializers.ModelSerializer):
    amount = MoneyField()

    class Meta:
        model = BudgetLine
        fields = ["category", "amount"]
        validators = []  # the partner is set by the service; uniqueness is checked on the whole list


class PartnerSerializer(ModelSerializer):
    budget_lines = BudgetLineSerializer(many=True, required=False, help_text="The whole budget, written at once")
    budget_total = MoneyField(read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "project", "organisation", "role", "budget_lines", "budget_total"]
        # The single lead is checked by the service, which names the current lead.
        validators = [
            UniqueTogetherValidator(
                queryset=Partner.objects.all(),
                fields=["project", "organisation"],
                message="This organisation is already a partner in the project.",
            )
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance and "project" in attrs and attrs["project"] != self.instance.project:
            raise serializers.ValidationError({"project": "A partner cannot move to another project."})
        return attrs


class MembershipSerializer(ModelSerializer):
    class Meta:
        model = ProjectMembership
        fields = ["id", "project", "user", "role", "organisation"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        role = attrs.get("role", getattr(self.instance, "role", None))
        organisation = attrs.get("organisation", getattr(self.instance, "organisation", None))
        if role == ProjectMembership.Role.PARTNER and organisation is None:
            raise serializers.ValidationError({"organisation": "A partner member works for an organisation: name it."})
        return attrs


class WorkPackageSerializer(ModelSerializer):
    class Meta:
        model = WorkPackage
        fields = ["id", "project", "number", "title", "lead_partner"]


class DeliverableSerializer(ModelSerializer):
    latest_version = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "project",
            "work_package",
            "code",
            "title",
            "description",
            "due_date",
            "responsible_partner",
            "dissemination_level",
            "type",
            "status",
            "latest_version",
        ]
        read_only_fields = ["status"]


class MilestoneSerializer(ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "project", "code", "title", "due_date", "achieved_on"]


class ReportingPeriodSerializer(ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "project", "number", "start_date", "end_date", "report_due_date"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        due = attrs.get("report_due_date", getattr(self.instance, "report_due_date", None))
        if start and end and start > end:
            raise serializers.ValidationError({"end_date": "The period cannot end before it starts."})
        if end and due and due < end:
            raise serializers.ValidationError({"report_due_date": "The report cannot be due before the period ends."})
        return attrs


class PeriodicReportSerializer(ModelSerializer):
    project = serializers.IntegerField(source="period.project_id", read_only=True)

    class Meta:
        model = PeriodicReport
        fields = ["id", "project", "period", "is_final", "narrative", "deviations", "status"]
        read_only_fields = ["period", "is_final", "status"]


class IndicatorSerializer(ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "project", "code", "name", "unit", "baseline", "target"]
        extra_kwargs = {"baseline": {"min_value": 0}, "target": {"min_value": 0}}


class IndicatorValueSerializer(ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "period", "value", "note"]
        extra_kwargs = {"value": {"min_value": 0}}


# --- Claims and expenses -------------------------------------------------------------------------


class ClaimTotalsField(MoneyField):
    """One of a claim's totals (``selectors.claim_totals``); null while a line awaits its frozen rate."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, claim):
        return getattr(selectors.claim_totals(claim), self.field_name)


class PartnerClaimSerializer(ModelSerializer):
    declared_total = ClaimTotalsField(help_text="Declared lines in the programme's currency")
    flat_rate_total = ClaimTotalsField(help_text="The programme's flat rates computed on the declared lines")
    total = ClaimTotalsField()

    class Meta:
        model = PartnerClaim
        fields = ["id", "partner", "period", "status", "declared_total", "flat_rate_total", "total"]
        read_only_fields = ["partner", "period", "status"]


class ExpenseSerializer(ModelSerializer):
    amount = MoneyField()
    converted_amount = MoneyField(read_only=True, allow_null=True)
    exchange_rate = RateField(read_only=True, allow_null=True)
    supporting_document = serializers.SerializerMethodField()

    class Meta:
        model = Expense
        fields = [
            "id",
            "claim",
            "category",
            "description",
            "amount",
            "currency",
            "incurred_on",
            "invoice_number",
            "converted_amount",
            "exchange_rate",
            "rate_basis",
            "supporting_document",
        ]
        read_only_fields = ["rate_basis"]

    @extend_schema_field(
        serializers.IntegerField(allow_null=True, help_text="The latest version of the attached document")
    )
    def get_supporting_document(self, expense: Expense) -> int | None:
        versions = [document.version for document in expense.documents.all()]
        return max(versions, default=None)


# --- Budget vs actual ----------------------------------------------------------------------------


class CategoryFiguresSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="A cost category, or 'total'")
    budget = MoneyField(read_only=True)
    declared = MoneyField(read_only=True, help_text="In submitted and certified claims")
    certified = MoneyField(read_only=True)
    remaining = MoneyField(read_only=True, help_text="Budget minus declared")
    share_spent = serializers.DecimalField(
        max_digits=8, decimal_places=2, read_only=True, allow_null=True, help_text="Declared, percent of budget"
    )


class PartnerFiguresSerializer(serializers.Serializer):
    partner = serializers.IntegerField(source="partner.pk")
    organisation = serializers.CharField(source="partner.organisation.name")
    role = serializers.CharField(source="partner.role")
    categories = CategoryFiguresSerializer(many=True)
    totals = CategoryFiguresSerializer()


class BudgetSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    currency = serializers.CharField(allow_null=True)
    partners = PartnerFiguresSerializer(many=True)
    totals = CategoryFiguresSerializer()


# --- Stored files and project documents ----------------------------------------------------------


class FileVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    original_name = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes")
    sha256 = serializers.CharField()
    mime_type = serializers.CharField(help_text="Detected from the content")
    uploaded_by = serializers.CharField(source="uploaded_by.username")
    uploaded_at = serializers.DateTimeField()


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, Office, OpenDocument, PNG, JPEG, ZIP, CSV or plain text")


class ProjectDocumentSerializer(ModelSerializer):
    versions = FileVersionSerializer(many=True, read_only=True)
    file = serializers.FileField(write_only=True, required=False, help_text="The first version (required on create)")

    class Meta:
        model = ProjectDocument
        fields = ["id", "project", "kind", "partner", "title", "versions", "file"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        partner = attrs.get("partner", getattr(self.instance, "partner", None))
        project = attrs.get("project", getattr(self.instance, "project", None))
        if kind == ProjectDocument.Kind.PARTNERSHIP_MANDATE and partner is None:
            raise serializers.ValidationError({"partner": "A partnership mandate names the partner who signed it."})
        if partner is not None and project is not None and partner.project_id != project.pk:
            raise serializers.ValidationError({"partner": "This partner belongs to another project."})
        return attrs
