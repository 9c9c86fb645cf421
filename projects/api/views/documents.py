"""Project documents: signed partnership mandates, the signed grant agreement and others, with versions."""

from rest_framework.parsers import JSONParser, MultiPartParser

from common.api.views import WITHOUT_DELETE
from projects import selectors, services

from .. import filters, serializers
from .base import FilesMixin, RecordViewSet


class ProjectDocumentViewSet(FilesMixin, RecordViewSet):
    """Staff and coordinators upload any document; a partner uploads its own organisation's mandate."""

    selector = staticmethod(selectors.project_document_list)
    serializer_class = serializers.ProjectDocumentSerializer
    filterset_class = filters.ProjectDocumentFilter
    search_fields = ["title"]
    ordering_fields = ["kind", "title"]
    http_method_names = WITHOUT_DELETE
    parser_classes = [MultiPartParser, JSONParser]

    def create_record(self, data):
        data = dict(data)
        upload = data.pop("file", None)
        return services.project_document_create(actor=self.request.user, data=data, upload=upload)
