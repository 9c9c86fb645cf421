"""Users, the signed-in user and sign-in tokens."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from common.api.users import UserNameField
from projects.models import ProjectMembership

from .base import ModelSerializer


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


class MembershipSerializer(ModelSerializer):
    user_name = UserNameField(source="user")

    class Meta:
        model = ProjectMembership
        fields = ["id", "project", "user", "user_name", "role", "organisation"]
