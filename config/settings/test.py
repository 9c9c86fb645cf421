"""The test suite: production-like (DEBUG off) with a throwaway key and fast password hashing.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so the same suite runs on
the SQLite default and on PostgreSQL + Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "test-media")))  # noqa: F405 (each test sets its own)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# The broker tests' worker process writes its e-mails to files (tests/broker.py).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")  # noqa: F405
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "test-mail"))  # noqa: F405
# The suite runs tasks in process even when CELERY_BROKER_URL names a broker; the tests marked
# `broker` send theirs to it and start a real worker (tests/reporting/test_broker.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405  (false in the worker)
# WhiteNoise serves the apps' static files (Swagger UI's) from where they are, without collectstatic.
WHITENOISE_USE_FINDERS = True
# The throttle's counters in the database cache whatever CACHE_URL says: each test's transaction takes its
# counters with it, and a test never touches a cache a running instance uses.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "clusterflow_cache"}}
