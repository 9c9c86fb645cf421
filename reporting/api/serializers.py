"""The shapes of generated documents in the API."""

import re

from rest_framework import serializers
from rest_framework.reverse import reverse

from common.api.fields import MAX_ID
from common.api.users import UserNameField
from projects.api.serializers import ModelSerializer
from reporting.models import GeneratedDocument


class DocumentSerializer(ModelSerializer):
    requested_by_name = UserNameField(source="requested_by")
    download_url = serializers.SerializerMethodField(help_text="Where to download the PDF, once it is done")

    class Meta:
        model = GeneratedDocument
        fields = [
            "id",
            "project",
            "kind",
            "period",
            "status",
            "progress",
            "error",
            "sha256",
            "size",
            "pages",
            "requested_by",
            "requested_by_name",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = [name for name in fields if name not in {"project", "kind", "period"}]
        extra_kwargs = {"period": {"help_text": "Omit for a cumulative document", "required": False}}

    def get_download_url(self, document: GeneratedDocument) -> str | None:
        if document.status != GeneratedDocument.Status.DONE:
            return None
        return reverse("document-download", args=[document.pk], request=self.context.get("request"))


class VerifyQuerySerializer(serializers.Serializer):
    sha256 = serializers.CharField(help_text="The SHA-256 of the PDF, 64 hexadecimal digits")

    def validate_sha256(self, value: str) -> str:
        value = value.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            raise serializers.ValidationError("A SHA-256 is 64 hexadecimal digits (sha256sum prints it).")
        return value


class VerifySerializer(serializers.Serializer):
    match = serializers.BooleanField()
    document = DocumentSerializer(required=False, help_text="The document with that hash, when it matches")
    file_missing = serializers.BooleanField(
        required=False,
        help_text="When it matches: true if the office's stored copy of the PDF is gone (the hash is still ours)",
    )
    detail = serializers.CharField(required=False, help_text="What to do, when the stored copy is missing")


class ExportQuerySerializer(serializers.Serializer):
    period = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="A reporting period's id; omit for the whole project"
    )
