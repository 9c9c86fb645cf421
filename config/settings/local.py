"""Local development: DEBUG on unless the environment says otherwise, SQLite, tasks in process."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: E402,F403

# Plain static files storage: no collectstatic needed for runserver; WhiteNoise serves the apps' static files
# from where they are, also with DEBUG off (`make run`).
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
