"""The OpenAPI schema: every operation documents its error answers next to its success answer."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(help_text="What went wrong and what to do."),
        "reasons": serializers.ListField(
            child=serializers.CharField(), required=False, help_text="Every reason, when there are several."
        ),
    },
)


class ValidationErrorSerializer(serializers.Serializer):
    """A 400 answer: the fields with their messages (``non_field_errors`` for the rest), or ``detail``/``reasons``."""

    detail = serializers.CharField(required=False)
    reasons = serializers.ListField(child=serializers.CharField(), required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        ref_name = "ValidationError"


class Schema(AutoSchema):
    """Documents the error answers every operation can give, next to its success answer."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        # 404: outside the user's scope, or a page past the last one; 400: an invalid body or filter value.
        errors = {
            "400": ValidationErrorSerializer,
            "401": ErrorSerializer,
            "403": ErrorSerializer,
            "404": ErrorSerializer,
        }
        if self.method == "GET" and not self._is_list_view():
            del errors["400"]
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            errors["409"] = ErrorSerializer
        if self.method in ("POST", "PUT", "PATCH"):
            errors["415"] = ErrorSerializer
        for code, serializer in errors.items():
            responses.setdefault(code, self._get_response_for_code(serializer, code))
        return responses
