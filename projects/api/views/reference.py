"""Reference data: organisations, clusters, programmes, calls and exchange rates."""

from common.api.views import WITHOUT_DELETE
from projects import selectors, services

from .. import filters, serializers
from .base import RecordViewSet, ReferenceViewSet


class OrganisationViewSet(RecordViewSet):
    """Every signed-in user reads organisations; staff and coordinators add and correct them."""

    http_method_names = WITHOUT_DELETE
    selector = staticmethod(selectors.organisation_list)
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    search_fields = ["name", "short_name", "city", "pic", "vat_number"]
    ordering_fields = ["name", "country", "kind"]


class ClusterViewSet(ReferenceViewSet):
    selector = staticmethod(selectors.cluster_list)
    serializer_class = serializers.ClusterSerializer
    filterset_class = filters.ClusterFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "country"]


class ProgrammeViewSet(ReferenceViewSet):
    selector = staticmethod(selectors.programme_list)
    serializer_class = serializers.ProgrammeSerializer
    filterset_class = filters.ProgrammeFilter
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]

    def create_record(self, data):
        return services.programme_save(actor=self.request.user, data=data)

    def update_record(self, instance, data):
        return services.programme_save(actor=self.request.user, data=data, programme=instance)


class CallViewSet(ReferenceViewSet):
    selector = staticmethod(selectors.call_list)
    serializer_class = serializers.CallSerializer
    filterset_class = filters.CallFilter
    search_fields = ["identifier", "title"]
    ordering_fields = ["deadline", "opens_on", "identifier"]


class ExchangeRateViewSet(ReferenceViewSet):
    selector = staticmethod(selectors.exchange_rate_list)
    serializer_class = serializers.ExchangeRateSerializer
    filterset_class = filters.ExchangeRateFilter
    search_fields = ["currency", "source"]
    ordering_fields = ["month", "currency"]
