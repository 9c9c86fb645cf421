"""The shared machinery's app: it wires what must hold for every process, whichever app is used."""

from django.apps import AppConfig
from django.contrib.auth.signals import user_login_failed
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(*, using: str, **kwargs) -> None:
    """The database cache's table (the default cache without CACHE_URL), made by `migrate` like every other
    table, so that `make run` and a fresh deployment need no extra command. ``createcachetable`` leaves an
    existing table alone and does nothing for other cache backends."""
    call_command("createcachetable", database=using, verbosity=0)


class CommonConfig(AppConfig):
    name = "common"

    def ready(self):
        from common import database  # noqa: F401  (connects the SQLite LIKE that folds case in every alphabet)
        from common.api.throttles import record_failed_login

        # Sent after the migrations of each app with models; the handler is idempotent.
        post_migrate.connect(create_cache_tables, dispatch_uid="common.create_cache_tables")
        # Every failed authenticate() — the API's token endpoint and the admin's login — counts against the username.
        user_login_failed.connect(record_failed_login, dispatch_uid="common.record_failed_login")
