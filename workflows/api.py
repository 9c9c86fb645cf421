"""The workflow API: machine descriptions, and ``WorkflowActionsMixin``, which gives a resource of any
registered machine its ``…/{id}/transitions/``, ``…/{id}/transitions/{name}/`` and ``…/{id}/history/``.

Request bodies and their schema are derived from the registry (``transition_request_serializer``);
nothing here names a field or a transition of one machine.
"""

import functools

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from common.api.schema import Schema
from common.api.users import UserNameField
from workflows import registry
from workflows.models import TransitionLog
from workflows.rendering import terminal_states, to_dot, to_mermaid
from workflows.services import COMMENT_MAX_LENGTH, history, transition_take, transitions_available


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()
    comment_required = serializers.BooleanField(help_text="Whether it needs a comment now")
    comment_asks = serializers.ListField(
        child=serializers.CharField(), help_text="What the comment must answer, e.g. why a submission is late"
    )
    allowed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why it is not allowed now")


def payload_serializer_field(field: registry.PayloadField) -> serializers.Field:
    """The request field of one declared payload field (documents the schema; the service parses it)."""
    options = {"required": field.required, "help_text": field.help_text}
    if field.kind is registry.PayloadKind.AMOUNT:
        return serializers.DecimalField(max_digits=14, decimal_places=2, **options)
    return serializers.CharField(max_length=field.max_length, **options)


@functools.cache
def transition_request_serializer(machine_name: str, transition_name: str) -> type:
    """The body of ``POST …/transitions/<name>/``: the comment (required where the transition says so) and
    the payload fields the transition declares, e.g. ``record_award``'s ``granted_amount``."""
    machine = registry.get(machine_name)
    declared = machine.get(transition_name)
    comment_help = "Required: say why." if declared.comment_required else "Optional."
    fields = {
        "comment": serializers.CharField(
            required=declared.comment_required,
            allow_blank=not declared.comment_required,
            max_length=COMMENT_MAX_LENGTH,
            help_text=f"{comment_help} Kept in the history with the transition.",
        ),
        **{field.name: payload_serializer_field(field) for field in declared.payload},
    }
    name = _camel_case(machine.name) + _camel_case(declared.name)  # the schema adds "Request"
    return type(name, (serializers.Serializer,), fields)


def _camel_case(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


class HistoryRowSerializer(serializers.ModelSerializer):
    actor_name = UserNameField(source="actor")

    class Meta:
        model = TransitionLog
        fields = [
            "id",
            "transition",
            "source",
            "target",
            "actor",
            "actor_name",
            "comment",
            "payload",
            "created_at",
            "hash",
            "previous_hash",
        ]


class StateSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    initial = serializers.BooleanField()
    terminal = serializers.BooleanField()


class PayloadFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=[kind.value for kind in registry.PayloadKind])
    required = serializers.BooleanField()
    help_text = serializers.CharField()


class TransitionDescriptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    sources = serializers.ListField(child=serializers.CharField())
    target = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    comment_required = serializers.BooleanField()
    payload = PayloadFieldSerializer(many=True)
    guards = serializers.ListField(child=serializers.CharField(), help_text="What is checked before it is taken")


class MachineSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    states = StateSerializer(many=True)
    transitions = TransitionDescriptionSerializer(many=True)
    dot = serializers.CharField(help_text="Graphviz DOT")
    mermaid = serializers.CharField(help_text="Mermaid stateDiagram-v2")


def guard_text(guard) -> str:
    """What a guard checks, in words: its docstring, else its name."""
    return (guard.__doc__ or guard.__name__.replace("_", " ")).strip()


def describe(machine: registry.Machine) -> dict:
    terminal = terminal_states(machine)
    return {
        "name": machine.name,
        "label": machine.label,
        "states": [
            {"name": state, "label": label, "initial": state == machine.initial, "terminal": state in terminal}
            for state, label in machine.states.items()
        ],
        "transitions": [
            {
                "name": t.name,
                "label": t.label,
                "sources": list(t.sources),
                "target": t.target,
                "roles": sorted(str(role) for role in t.roles),
                "comment_required": t.comment_required,
                "payload": [
                    {
                        "name": f.name,
                        "label": f.label,
                        "kind": f.kind.value,
                        "required": f.required,
                        "help_text": f.help_text,
                    }
                    for f in t.payload
                ],
                "guards": [guard_text(guard) for guard in t.guards],
            }
            for t in machine.transitions
        ],
        "dot": to_dot(machine),
        "mermaid": to_mermaid(machine),
    }


class WorkflowViewSet(viewsets.ViewSet):
    """The state machines: states, transitions, who may take them, and diagrams."""

    lookup_field = "machine"
    lookup_value_regex = "[a-z_]+"

    @extend_schema(responses=MachineSerializer(many=True))
    def list(self, request):
        return Response([describe(machine) for machine in registry.machines()])

    @extend_schema(responses=MachineSerializer)
    def retrieve(self, request, machine=None):
        found = registry.get(machine)
        if found is None:
            names = ", ".join(m.name for m in registry.machines())
            raise NotFound(f"No workflow named {machine!r}; there are: {names}.")
        return Response(describe(found))


def one_operation_per_transition(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: ``…/transitions/{transition}/`` becomes one operation per
    transition of the resource's machine, each with its own request body (``TransitionSchema``)."""
    expanded = []
    for path, path_regex, method, callback in endpoints:
        if "{transition}" not in path:
            expanded.append((path, path_regex, method, callback))
            continue
        machine = registry.for_model(callback.cls.serializer_class.Meta.model)
        expanded.extend(
            (path.replace("{transition}", declared.name), path_regex, method, callback)
            for declared in machine.transitions
        )
    return expanded


class TransitionSchema(Schema):
    """A machine resource's schema: each ``POST …/transitions/<name>/`` documents that transition — its
    label, who may take it from which states, what is checked, and its own request body."""

    def _declared(self) -> tuple[registry.Machine, registry.Transition] | None:
        """The machine and transition of a ``POST …/transitions/<name>/`` operation; else None."""
        if getattr(self.view, "action", None) != "take_transition":
            return None
        machine = registry.for_model(self.view.serializer_class.Meta.model)
        declared = machine.get(self.path.rstrip("/").rsplit("/", 1)[-1])
        return (machine, declared) if declared else None

    def get_request_serializer(self):
        found = self._declared()
        if found is None:
            return super().get_request_serializer()
        machine, declared = found
        return transition_request_serializer(machine.name, declared.name)

    def get_summary(self):
        found = self._declared()
        return str(found[1].label) if found else super().get_summary()  # a lazy translation: as text

    def get_description(self):
        found = self._declared()
        if found is None:
            return super().get_description()
        declared = found[1]
        roles = " or ".join(sorted(str(role) for role in declared.roles))
        checks = [f"- checks: {guard_text(guard)}" for guard in declared.guards]
        return "\n".join([f"{' | '.join(declared.sources)} → {declared.target}, taken by: {roles}.", *checks])


class WorkflowActionsMixin:
    """``GET …/{id}/transitions/``, ``POST …/{id}/transitions/{name}/`` and ``GET …/{id}/history/``.

    Scope is the resource's selector (404); who may take a transition, from which state and whether its
    payload and guards pass is the transition service's (403, 409, 400), so every caller is checked
    alike. Each resource's request schema lists its own machine's payload fields.
    """

    schema = TransitionSchema()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "serializer_class" in cls.__dict__:
            extend_schema_view(take_transition=extend_schema(responses=cls.serializer_class))(cls)

    @extend_schema(responses=TransitionOptionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def transitions(self, request, pk=None):
        """The transitions leaving the current state: allowed for you now, or the reasons why not."""
        return Response(transitions_available(obj=self.get_object(), actor=request.user))

    @action(
        detail=True,
        methods=["post"],
        url_path=r"transitions/(?P<transition>[a-z_]+)",
        url_name="take-transition",
        filter_backends=[],
        # A POST even on resources that are not created by POST (claims, periodic reports); the schema
        # generator reads the route's methods from here too.
        http_method_names=["post", "options"],
    )
    def take_transition(self, request, pk=None, transition=None):
        """Take a transition with a comment and the payload it declares (``GET /api/workflows/`` lists them)."""
        obj = self.get_object()
        if registry.for_model(type(obj)).get(transition) is None:
            raise NotFound(f"There is no transition {transition!r} here; GET …/transitions/ lists them.")
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"detail": "Send the comment and the payload as a JSON object."})
        body = dict(request.data.items())
        comment = body.pop("comment", "")
        if not isinstance(comment, str):
            raise serializers.ValidationError({"comment": "The comment is text."})
        transition_take(obj=obj, name=transition, actor=request.user, comment=comment, payload=body)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(responses=HistoryRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every transition taken on this object, oldest first, with the log's hash chain."""
        return Response(HistoryRowSerializer(history(obj=self.get_object()), many=True).data)
