"""The base of every resource: its rows come from a selector (what the user may not see is a 404) and its
writes go to services that the owning app names."""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext
from rest_framework import viewsets
from rest_framework.exceptions import NotFound

# What each resource offers. DELETE only where undoing is harmless; nothing with history is deleted.
READ_ONLY = ["get", "head", "options"]
EDIT_ONLY = [*READ_ONLY, "patch", "put"]
WITHOUT_DELETE = [*EDIT_ONLY, "post"]
WITH_DELETE = [*WITHOUT_DELETE, "delete"]


class ScopedViewSet(viewsets.ModelViewSet):
    """A resource whose queryset comes from a selector: what the user may not see is a 404."""

    selector: Callable[..., QuerySet]
    http_method_names = WITH_DELETE
    lookup_value_regex = r"[0-9]{1,18}"  # ids: anything else is a 404 without a query

    def check_permissions(self, request):
        # A method the resource does not offer is 405 for every signed-in user, before any other check.
        if request.user.is_authenticated and request.method.lower() not in self.http_method_names:
            self.http_method_not_allowed(request)
        super().check_permissions(request)

    def get_object(self):
        try:
            return super().get_object()
        except Http404 as error:  # Django's "No PartnerClaim matches the given query." is for developers
            name = self.serializer_class.Meta.model._meta.verbose_name
            raise NotFound(gettext("%(thing)s not found.") % {"thing": capfirst(name)}) from error

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return self.serializer_class.Meta.model.objects.none()
        return self.selector(user=self.request.user)

    def perform_create(self, serializer):
        self.written(serializer, self.create_record(serializer.validated_data))

    def perform_update(self, serializer):
        self.written(serializer, self.update_record(serializer.instance, serializer.validated_data))

    def create_record(self, data: dict) -> Model:
        """Create the row through the owning app's service, as ``self.request.user``."""
        raise NotImplementedError

    def update_record(self, instance: Model, data: dict) -> Model:
        """Change the row through the owning app's service, as ``self.request.user``."""
        raise NotImplementedError

    def written(self, serializer, instance: Model) -> None:
        """Answer with the row as the selector reads it (annotations and derived figures included)."""
        serializer.instance = self.get_queryset().get(pk=instance.pk)

    def perform_destroy(self, instance):
        """Delete the row through the owning app's service, as ``self.request.user``."""
        raise NotImplementedError
