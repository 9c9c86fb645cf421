"""The signed-in user's notifications, preferences and calendar feed address (DESIGN.md, "Files and
documents"): validate, call a service or a selector, answer."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.filters import FilterSet
from common.api.schema import ValidationErrorSerializer
from common.api.views import READ_ONLY, ScopedViewSet
from notifications import selectors, services
from notifications.models import Notification
from notifications.views import feed_url

from .serializers import (
    CalendarSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    ReadAllSerializer,
)


class NotificationFilter(FilterSet):
    unread = filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="Only the unread (true) or the read (false)"
    )

    class Meta:
        model = Notification
        fields = ["project", "event"]


class NotificationViewSet(ScopedViewSet):
    """Your notifications, the newest first: each says what happened and links to the object's page."""

    selector = staticmethod(selectors.notifications_of)
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at"]
    http_method_names = [*READ_ONLY, "post"]

    @extend_schema(exclude=True)  # POST is here for the actions below; nobody creates a notification
    def create(self, request, *args, **kwargs):
        self.http_method_not_allowed(request)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def read(self, request, pk=None):
        """Mark the notification read."""
        notification = services.notification_read(user=request.user, notification=self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request):
        """Mark every unread notification read."""
        return Response({"marked": services.notifications_read_all(user=request.user)})


class MeView(APIView):
    """The signed-in user, their memberships, the language of their e-mails and, for each kind of event,
    how they hear of it: ``immediate``, ``digest`` or ``off`` (in the app only)."""

    permission_classes = [permissions.IsAuthenticated]

    def _answer(self, request):
        user = type(request.user).objects.prefetch_related("memberships__project").get(pk=request.user.pk)
        context = {"request": request, "preferences": services.preferences_of(user)}
        return Response(PreferencesSerializer(user, context=context).data)

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request):
        return self._answer(request)

    @extend_schema(
        request=PreferencesSerializer, responses={200: PreferencesSerializer, 400: ValidationErrorSerializer}
    )
    def patch(self, request):
        serializer = PreferencesSerializer(request.user, data=request.data, partial=True, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.preferences_update(
            user=request.user,
            email=data.get("notification_preferences"),
            language=data.get("preferences", {}).get("language"),
        )
        return self._answer(request)


class CalendarView(APIView):
    """``GET``: the secret address of your calendar feed (made on first use). Every deadline of your
    projects, as iCalendar; subscribe to it in a calendar client."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=CalendarSerializer)
    def get(self, request):
        return Response({"url": feed_url(request, services.calendar_token(user=request.user))})


class CalendarResetView(APIView):
    """``POST``: a new secret address for your calendar feed; the old one stops working at once."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=CalendarSerializer)
    def post(self, request):
        return Response({"url": feed_url(request, services.calendar_token(user=request.user, reset=True))})
