from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    """Organisations, clusters, programmes and calls, projects and everything partners report."""

    name = "projects"
