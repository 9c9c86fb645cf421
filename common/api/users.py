"""References to users in the API: the id, as for every foreign key, and a readable name beside it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.users import display_name


@extend_schema_field(serializers.CharField(read_only=True))
class UserNameField(serializers.Field):
    """``<field>_name`` beside a user reference: ``UserNameField(source="uploaded_by")``."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, user) -> str:
        return display_name(user)
