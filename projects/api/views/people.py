"""Signing in, the signed-in user, user accounts and project members."""

from django.contrib.auth import authenticate, get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.schema import ErrorSerializer, ValidationErrorSerializer
from common.api.throttles import LoginAddressThrottle, LoginUsernameThrottle
from common.api.views import WITHOUT_DELETE, ScopedViewSet
from projects import selectors, services

from .. import filters, serializers
from .base import MayManageUsers, RecordViewSet

User = get_user_model()


class TokenView(APIView):
    """Exchange a username and password for an API token (``Authorization: Token …``)."""

    # Token authentication only so that a refusal is a 401 with WWW-Authenticate, as clients expect.
    authentication_classes = [TokenAuthentication]
    permission_classes = [permissions.AllowAny]
    # Every attempt counts against the address; a failed one (authenticate() says so) against the username.
    throttle_classes = [LoginAddressThrottle, LoginUsernameThrottle]

    @extend_schema(
        request=serializers.TokenRequestSerializer,
        responses={
            200: serializers.TokenSerializer,
            400: ValidationErrorSerializer,
            401: ErrorSerializer,
            429: ErrorSerializer,
        },
        auth=[],
    )
    def post(self, request):
        credentials = serializers.TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request, **credentials.validated_data)
        if user is None:
            raise AuthenticationFailed("Unknown username or wrong password.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    def throttled(self, request, wait):
        raise Throttled(wait, detail="Too many sign-in attempts.")


class UserViewSet(ScopedViewSet):
    """Staff manage user accounts."""

    serializer_class = serializers.UserSerializer
    permission_classes = [permissions.IsAuthenticated, MayManageUsers]
    http_method_names = WITHOUT_DELETE
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["username", "last_name", "email"]
    filterset_fields = ["is_staff", "is_active"]

    def get_queryset(self):
        return User.objects.order_by("username")

    def create_record(self, data):
        return services.user_save(actor=self.request.user, data=data)

    def update_record(self, instance, data):
        return services.user_save(actor=self.request.user, data=data, user=instance)


class MembershipViewSet(RecordViewSet):
    """Who works on a project. Coordinators add partners and auditors; staff appoint coordinators."""

    selector = staticmethod(selectors.membership_list)
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    ordering_fields = ["role", "user__username"]

    def create_record(self, data):
        return services.membership_create(actor=self.request.user, data=data)

    def update_record(self, instance, data):
        return services.membership_update(actor=self.request.user, membership=instance, data=data)

    def perform_destroy(self, instance):
        services.membership_delete(actor=self.request.user, membership=instance)
