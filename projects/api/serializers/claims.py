"""Money: partner claims with their totals, expense items, and budget vs actual."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.fields import MoneyField, RateField
from projects import selectors
from projects.models import Expense, PartnerClaim

from .base import ModelSerializer


class ClaimTotalsField(MoneyField):
    """One of a claim's totals (``selectors.claim_totals``); null while a line awaits its frozen rate."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, claim):
        return getattr(selectors.claim_totals(claim), self.field_name)


class OverBudgetField(serializers.DictField):
    """Per cost category, by how much the partner's declared costs with this claim exceed its budget
    (``selectors.claim_over_budget``); null while a line awaits its frozen rate."""

    def __init__(self, **kwargs):
        super().__init__(child=MoneyField(), read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, claim):
        return selectors.claim_over_budget(claim)


class PartnerClaimSerializer(ModelSerializer):
    declared_total = ClaimTotalsField(help_text="Declared lines in the programme's currency")
    flat_rate_total = ClaimTotalsField(help_text="The programme's flat rates computed on the declared lines")
    total = ClaimTotalsField()
    over_budget = OverBudgetField(
        help_text="Per cost category: the partner's submitted and certified claims plus this one, beyond its "
        'budget ("0.00" within it). Allowed, not refused.'
    )

    class Meta:
        model = PartnerClaim
        fields = ["id", "partner", "period", "status", "declared_total", "flat_rate_total", "total", "over_budget"]
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


class CategoryFiguresSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="A cost category, or 'total'")
    budget = MoneyField(read_only=True)
    declared = MoneyField(read_only=True, help_text="In submitted and certified claims")
    certified = MoneyField(read_only=True)
    remaining = MoneyField(read_only=True, help_text="Budget minus declared")
    share_spent = serializers.DecimalField(
        max_digits=8, decimal_places=2, read_only=True, allow_null=True, help_text="Declared, percent of budget"
    )
    over_budget = MoneyField(read_only=True, help_text='Declared beyond the budget ("0.00" within it); allowed, shown')


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
