from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    """Organisations, clusters, programmes and calls, projects and everything partners report."""

    name = "projects"

    def ready(self) -> None:
        from projects import machines  # noqa: F401  (registers the four state machines)
