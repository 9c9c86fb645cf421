"""The base of every model serializer: the shape of a request, none of the rules.

Rules live in the models (``clean()``, constraints, validators) and the services; a serializer only
says which fields a resource has, their formats, and which related rows a user may name.
"""

from rest_framework import serializers

from common.api.fields import IdRelatedField
from projects import access

STATUS_MESSAGE = "The status changes only through a transition: POST …/{id}/transitions/{name}/."


class ModelSerializer(serializers.ModelSerializer):
    """Related ids are looked up among what the user may see (others are "object does not exist"), a
    request that tries to change the status is refused (only transitions change it), and uniqueness is
    left to the model's constraints, which the service checks with the rest of the row."""

    serializer_related_field = IdRelatedField

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return fields
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            if isinstance(relation, serializers.PrimaryKeyRelatedField) and relation.queryset is not None:
                relation.queryset = access.visible(request.user, relation.queryset)
        return fields

    def get_unique_together_validators(self):
        return []  # the model's constraints, checked by full_clean() in the service, with their messages

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "status" in self.fields and "status" in self.initial_data:
            current = self.instance.status if self.instance else self.Meta.model._meta.get_field("status").default
            if self.initial_data["status"] != current:
                raise serializers.ValidationError({"status": STATUS_MESSAGE})
        return attrs
