"""The Celery app.

Without ``CELERY_BROKER_URL`` the settings make every task run in process (eager, errors propagate),
so the zero-setup default needs no broker. With it, tasks go to the broker and a worker runs them
(``make worker`` starts one with beat).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("clusterflow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
