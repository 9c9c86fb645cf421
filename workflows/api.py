"""The workflow API's generic parts: machine descriptions, transition options, requests and history rows.

The owning apps add ``…/{id}/transitions/`` and ``…/{id}/history/`` to their resources with
``WorkflowActionsMixin`` (see ``projects.api.views``).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from workflows import registry
from workflows.models import TransitionLog
from workflows.rendering import terminal_states, to_dot, to_mermaid


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    target = serializers.CharField()
    comment_required = serializers.BooleanField()
    allowed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why it is not allowed now")


class TransitionRequestSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    granted_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, help_text="record_award: the amount the funder granted"
    )
    funder_reference = serializers.CharField(
        required=False, max_length=100, help_text="record_award: the funder's reference (grant agreement number)"
    )


class HistoryRowSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = TransitionLog
        fields = [
            "id",
            "transition",
            "source",
            "target",
            "actor",
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


class TransitionDescriptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    sources = serializers.ListField(child=serializers.CharField())
    target = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    comment_required = serializers.BooleanField()
    payload_fields = serializers.ListField(child=serializers.CharField())
    guards = serializers.ListField(child=serializers.CharField(), help_text="What is checked before it is taken")


class MachineSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    states = StateSerializer(many=True)
    transitions = TransitionDescriptionSerializer(many=True)
    dot = serializers.CharField(help_text="Graphviz DOT")
    mermaid = serializers.CharField(help_text="Mermaid stateDiagram-v2")


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
                "roles": sorted(t.roles),
                "comment_required": t.comment_required,
                "payload_fields": list(t.payload_fields),
                "guards": [(guard.__doc__ or guard.__name__.replace("_", " ")).strip() for guard in t.guards],
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
