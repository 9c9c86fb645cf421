from django.conf import settings
from rest_framework import serializers

from common.users import display_name
from notifications import selectors
from notifications.events import EVENTS
from notifications.models import Delivery, Notification
from projects.api.serializers import MeSerializer


class NotificationSerializer(serializers.ModelSerializer):
    """One event told to the signed-in user; ``message`` in the request's language."""

    message = serializers.SerializerMethodField()
    comment = serializers.SerializerMethodField()
    object_type = serializers.CharField(source="target_type.model", read_only=True)
    object_id = serializers.IntegerField(source="target_id", read_only=True)
    object_url = serializers.SerializerMethodField()
    actor_name = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "event",
            "message",
            "comment",
            "project",
            "object_type",
            "object_id",
            "object_url",
            "actor",
            "actor_name",
            "created_at",
            "read",
            "read_at",
        ]
        read_only_fields = fields

    def get_message(self, notification) -> str:
        return selectors.text_of(notification)

    def get_comment(self, notification) -> str:
        return selectors.comment_of(notification)

    def get_object_url(self, notification) -> str:
        """The object's page, where a person acts on it."""
        return self.context["request"].build_absolute_uri(selectors.page_path_of(notification))

    def get_actor_name(self, notification) -> str:
        return display_name(notification.actor) if notification.actor else ""

    def get_read(self, notification) -> bool:
        return notification.read_at is not None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread and are read now.")


class PreferencesSerializer(MeSerializer):
    """``GET /api/me/`` and ``PATCH /api/me/``: the user, and how they want to be told of each kind of event."""

    language = serializers.ChoiceField(source="preferences.language", choices=settings.LANGUAGES, required=False)
    notification_preferences = serializers.DictField(
        child=serializers.ChoiceField(choices=Delivery.choices),
        required=False,
        help_text="For each kind of event: immediate (e-mail now), digest (the daily digest) or off (the app only).",
    )

    class Meta(MeSerializer.Meta):
        fields = [*MeSerializer.Meta.fields, "language", "notification_preferences"]
        read_only_fields = ["id", "username", "email", "first_name", "last_name", "is_staff", "memberships"]

    def to_representation(self, user):
        data = super().to_representation(user)
        preferences = self.context["preferences"]
        data["language"] = preferences.language
        data["notification_preferences"] = {event.name: preferences.delivery(event.name) for event in EVENTS}
        return data

    def validate_notification_preferences(self, value: dict) -> dict:
        known = {event.name for event in EVENTS}
        unknown = sorted(set(value) - known)
        if unknown:
            raise serializers.ValidationError(
                f"Unknown kinds of event: {', '.join(unknown)}; the kinds are {', '.join(sorted(known))}."
            )
        return value


class CalendarSerializer(serializers.Serializer):
    url = serializers.URLField(
        read_only=True, help_text="The feed's secret address: anyone who has it sees your deadlines."
    )
