from django.apps import AppConfig


class CommonConfig(AppConfig):
    """What every app shares: typed errors, API machinery, and the embedded database's text comparison."""

    name = "common"

    def ready(self) -> None:
        from common import database  # noqa: F401  (connects the SQLite LIKE that folds case in every alphabet)
