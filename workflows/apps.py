from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """The generic workflow engine: machine registry, transition service, append-only log.

    It imports nothing from ``projects`` or ``reporting``; the concrete machines are declared by the
    apps that own the models.
    """

    name = "workflows"
