"""The settings refuse to start insecurely, and production passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k7Qm2VxP9sLr4TzW8nYb3HcJ6dFg1AeR5uKo0iMwXq-Zt_Uy2Lp8Nv4Bs6Dj9Gh",
    "ALLOWED_HOSTS": "clusterflow.example.org",
    "DATABASE_URL": "sqlite:////tmp/clusterflow-deploy-check.sqlite3",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def run(code_or_args: list[str], **environment) -> subprocess.CompletedProcess:
    env = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, *code_or_args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


SETUP = ["-c", "import django; django.setup()"]


@pytest.mark.parametrize(
    "environment",
    [
        {"DJANGO_SETTINGS_MODULE": "config.settings.production"},
        {"DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "false"},
        {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false"},
    ],
    ids=["production", "base without debug", "local with debug turned off"],
)
def test_without_secret_key_and_debug_off_start_up_stops_with_a_clear_message(environment):
    result = run(SETUP, **environment)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_on_starts_without_a_secret_key():
    assert run(SETUP, DJANGO_SETTINGS_MODULE="config.settings.local").returncode == 0


def test_production_refuses_debug():
    result = run(SETUP, **PRODUCTION, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


@pytest.mark.parametrize("variable", ["ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"])
def test_production_names_what_it_misses_instead_of_falling_back_to_the_defaults(variable):
    result = run(SETUP, **{**PRODUCTION, variable: ""})
    assert result.returncode != 0
    assert f"Production settings need {variable} from the environment" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("cache_url", ["locmemcache://", "dummycache://"])
def test_production_refuses_a_cache_each_process_keeps_to_itself(cache_url):
    result = run(SETUP, **{**PRODUCTION, "CACHE_URL": cache_url})
    assert result.returncode != 0
    assert "CACHE_URL must name a cache every web process shares" in result.stderr


def test_without_cache_url_the_throttle_counts_in_the_database_every_process_shares():
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default'])"
    result = run(["-c", code], DJANGO_SETTINGS_MODULE="config.settings.local", CACHE_URL="")
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.db.DatabaseCache" in result.stdout


def test_migrate_creates_the_database_cache_table(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    environment = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": f"sqlite:///{database}"}
    assert run(["manage.py", "migrate", "--no-input"], **environment).returncode == 0
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.set('probe', 42); print(cache.get('probe'))"
    )
    result = run(["-c", code], **environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"
