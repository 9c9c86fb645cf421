"""A real Celery worker process for the tests marked ``broker`` (import the fixtures into the test module).

It runs ``celery -A config worker`` on the real broker with the test database (PostgreSQL: another
process must see it) and its own media folder; its e-mails go to files in ``<media>/mail`` through
``tests.mail.FlakyFileBackend``.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app

BASE_DIR = Path(__file__).resolve().parents[1]
WAIT_SECONDS = 90


def _database_url() -> str:
    """The test database (pytest-django's ``test_…``), for the worker process."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A ``celery -A config worker`` process on the real broker, sharing the test database and media folder."""
    media = tmp_path_factory.mktemp("broker-media")
    mailbox = media / "mail"
    log = tmp_path_factory.mktemp("broker-log") / "worker.log"
    with django_db_blocker.unblock():
        database_url = _database_url()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",  # a retry goes back to the broker, as in production
        # E-mails go to files in the mailbox, through a server that drops some first (tests/mail.py).
        "EMAIL_BACKEND": "tests.mail.FlakyFileBackend",
        "EMAIL_FILE_PATH": str(mailbox),
        "EMAIL_RETRY_BACKOFF": "1",
    }
    app.control.purge()  # messages left by an earlier run would only find no job
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        f"clusterflow-test-{os.getpid()}@%h",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not app.control.ping(timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The Celery worker did not start:\n{log.read_text()[-3000:]}")
        yield media
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        app.control.purge()


@pytest.fixture
def on_the_broker(worker, monkeypatch, settings):
    """Send tasks to the broker from this test (the suite otherwise runs them in process)."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    settings.MEDIA_ROOT = worker  # the worker stores the PDFs where the API reads them
    return worker
