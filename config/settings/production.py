"""Production: PostgreSQL, Redis, gunicorn behind a TLS-terminating proxy.

Requires SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL from the environment (it stops
with a message naming what is missing, rather than falling back to the zero-setup SQLite file and
in-process tasks) and passes ``manage.py check --deploy`` without warnings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, env

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production settings.")
_missing = [name for name in ("ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL") if not env.str(name, default="")]
if _missing:
    raise ImproperlyConfigured(
        f"Production settings need {', '.join(_missing)} from the environment (see the README's settings table)."
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
