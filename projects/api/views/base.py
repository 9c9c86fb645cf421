"""The bases of the projects app's resources: rows from a selector, writes through services, and the
access policy asked before a row is changed (403) — the services ask it again, whoever calls them."""

from django.db.models import Model
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from common.api.files import file_response
from common.api.schema import ErrorSerializer
from common.api.views import WITHOUT_DELETE, ScopedViewSet
from projects import access, services
from projects.models import Deliverable

from .. import serializers


class RecordViewSet(ScopedViewSet):
    """A resource written through the generic record services unless it names its own.

    Changing or deleting a row asks the access policy first, so that a user who may read a row but not
    change it hears so (403) before anything about the body they sent; creating is decided by the
    service once the body names the project.
    """

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if self.action in ("update", "partial_update", "destroy"):
            access.require_write(request.user, obj)

    def create_record(self, data: dict) -> Model:
        return services.record_create(model=self.serializer_class.Meta.model, actor=self.request.user, data=data)

    def update_record(self, instance: Model, data: dict) -> Model:
        return services.record_update(instance=instance, actor=self.request.user, data=data)

    def perform_destroy(self, instance):
        services.record_delete(instance=instance, actor=self.request.user)


class ReferenceViewSet(RecordViewSet):
    """Reference data every signed-in user reads and staff maintain; it is never deleted (claims refer to it)."""

    http_method_names = WITHOUT_DELETE


def versions_answer(request, owner, versions):
    """``GET``: the owner's stored versions, oldest first; ``POST``: the next version from the upload."""
    if request.method == "POST":
        version = services.file_version_add(owner=owner, upload=request.FILES.get("file"), actor=request.user)
        return Response(serializers.FileVersionSerializer(version).data, status=201)
    versions = versions.select_related("uploaded_by").order_by("version")
    return Response(serializers.FileVersionSerializer(versions, many=True).data)


class FilesMixin:
    """``GET``/``POST …/{id}/files/`` (versions, upload a new one) and ``GET …/files/{version}/download/``.

    Who may upload is ``services.file_version_add``'s to decide (the access policy's ``UPLOAD``).
    """

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
        return versions_answer(request, owner, owner.versions.all())

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 410: ErrorSerializer})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"files/(?P<version>[0-9]{1,9})/download",
        url_name="file-download",
        pagination_class=None,
        filter_backends=[],
    )
    def download(self, request, pk=None, version=None):
        """The file of one version, as an attachment (410 if the stored file is missing)."""
        owner = self.get_object()
        stored = owner.versions.filter(version=version).first()
        if stored is None:
            raise NotFound(f"There is no version {version}.")
        values = {"version": stored.version, "owner": owner, "file": stored.original_name}
        if isinstance(owner, Deliverable):
            # Translators: names a file in "The stored file of %(file)s is missing; ask the office to restore it …".
            what = gettext("version %(version)s of deliverable %(owner)s (%(file)s)") % values
        else:
            # Translators: names a file in "The stored file of %(file)s is missing; ask the office to restore it …".
            what = gettext("version %(version)s of project document %(owner)s (%(file)s)") % values
        return file_response(stored, what=what)


class MayManageUsers(permissions.BasePermission):
    message = "Only staff manage user accounts."

    def has_permission(self, request, view):
        return access.may(request.user, access.Action.MANAGE_USERS)
