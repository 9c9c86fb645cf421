"""Production: PostgreSQL, Redis, gunicorn behind a TLS-terminating proxy.

Requires SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL and CACHE_URL from the environment (it stops
with a message naming what is missing, rather than falling back to the zero-setup SQLite file and
in-process tasks) and passes ``manage.py check --deploy`` without warnings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, DEBUG, env

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production settings.")
_required = ("ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL")
_missing = [name for name in _required if not env.str(name, default="")]
if _missing:
    raise ImproperlyConfigured(
        f"Production settings need {', '.join(_missing)} from the environment (see the README's settings table)."
    )
# The sign-in throttle counts in the cache: a cache of one process would give each gunicorn worker its own budget.
if CACHES["default"]["BACKEND"].rsplit(".", 1)[-1] in {"LocMemCache", "DummyCache"}:
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache every web process shares (e.g. redis://127.0.0.1:6379/1 or "
        "dbcache://clusterflow_cache), not a per-process one."
    )

# --- HTTPS and cookies -------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
