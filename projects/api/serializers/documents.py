"""Stored file versions and project documents (mandates, the grant agreement, others)."""

from rest_framework import serializers

from common.api.users import UserNameField
from projects.models import ProjectDocument

from .base import ModelSerializer


class FileVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    original_name = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes")
    sha256 = serializers.CharField()
    mime_type = serializers.CharField(help_text="Detected from the content")
    uploaded_by = serializers.IntegerField(source="uploaded_by_id", help_text="The uploader's user id")
    uploaded_by_name = UserNameField(source="uploaded_by")
    uploaded_at = serializers.DateTimeField()


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, Office, OpenDocument, PNG, JPEG, ZIP, CSV or plain text")


class ProjectDocumentSerializer(ModelSerializer):
    versions = FileVersionSerializer(many=True, read_only=True)
    file = serializers.FileField(write_only=True, required=False, help_text="The first version (required on create)")

    class Meta:
        model = ProjectDocument
        fields = ["id", "project", "kind", "partner", "title", "versions", "file"]
