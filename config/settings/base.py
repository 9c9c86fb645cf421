"""Settings shared by every environment, read from the environment.

Each group says which variables it reads; the README lists them all. Defaults are the safe ones:
DEBUG is off and there is no built-in SECRET_KEY, so a forgotten variable stops the start-up with a
clear message instead of running an insecure instance. ``local`` and ``test`` set their own
development defaults before importing this module.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# --- Core: debug, secret key, hosts -------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=true for local development."
        )
    # Only ever reached with DEBUG on: a development key that is useless anywhere else.
    SECRET_KEY = "insecure-development-key-for-debug-only"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications --------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's scripts and styles, served by the product: /api/docs/ works offline
    "common",
    "workflows",
    "projects",
    "reporting",
    "notifications",
    "django_htmx",
    "template_partials",
    "web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "web.errors.ServiceErrorPages",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context.instance",
                "web.context.notifications",
            ],
        },
    },
]

# --- Database: DATABASE_URL, default a SQLite file under var/ -----------------------------------
if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)  # the zero-setup SQLite file lives here
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'clusterflow.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["ATOMIC_REQUESTS"] = False

# --- Time: calendar months and due dates are decided in the instance's time zone ----------------
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Warsaw")
USE_TZ = True

# --- Languages: the pages in English, Polish and Slovenian (locale/, compiled by `make install`) ---
# A visitor's language: the one chosen with the switch (a cookie), else the browser's, else LANGUAGE_CODE.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", "English"), ("pl", "Polski"), ("sl", "Slovenščina")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True

# --- Files: uploads under MEDIA_ROOT, never served from a public URL ---------------------------
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # required by Django; no URL pattern serves it
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_SIZE = env.int("FILE_UPLOAD_MAX_SIZE", default=50 * 1024 * 1024)

# --- Uploads: what a ZIP-based upload (DOCX, XLSX, PPTX, ODT, ODS, ZIP) may declare --------------
# Read from the archive's directory before anything is unpacked. Office XML packs 10-30 times; a
# decompression bomb of zeros about 1,000 times. The ratio is judged on members unpacking past 1 MiB.
UPLOAD_ARCHIVE_MAX_INFLATED = env.int("UPLOAD_ARCHIVE_MAX_INFLATED", default=512 * 1024 * 1024)  # bytes unpacked
UPLOAD_ARCHIVE_MAX_MEMBERS = env.int("UPLOAD_ARCHIVE_MAX_MEMBERS", default=10_000)  # files in one archive
UPLOAD_ARCHIVE_MAX_RATIO = env.int("UPLOAD_ARCHIVE_MAX_RATIO", default=200)  # unpacked ÷ packed, per member and overall

# --- Tasks: CELERY_BROKER_URL unset means tasks run in process --------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Generated documents: the render task's limits and the sweep that recovers lost jobs -------
DOCUMENT_SOFT_TIME_LIMIT = env.int("DOCUMENT_SOFT_TIME_LIMIT", default=300)  # seconds; then the job fails
DOCUMENT_TIME_LIMIT = env.int("DOCUMENT_TIME_LIMIT", default=360)  # seconds; the worker kills the task
DOCUMENT_MAX_RETRIES = env.int("DOCUMENT_MAX_RETRIES", default=3)  # for transient database errors
DOCUMENT_RETRY_BACKOFF = env.int("DOCUMENT_RETRY_BACKOFF", default=10)  # seconds, doubled on each retry
DOCUMENT_QUEUED_TIMEOUT = env.int("DOCUMENT_QUEUED_TIMEOUT", default=300)  # seconds queued before a re-send
DOCUMENT_QUEUED_MAX_AGE = env.int("DOCUMENT_QUEUED_MAX_AGE", default=86400)  # seconds before a queued job fails
DOCUMENT_SWEEP_SECONDS = env.int("DOCUMENT_SWEEP_SECONDS", default=60)

# --- Notifications: reminders and digests daily at this hour on the instance's clock (TIME_ZONE) --
NOTIFICATION_HOUR = env.int("NOTIFICATION_HOUR", default=7)
EMAIL_MAX_RETRIES = env.int("EMAIL_MAX_RETRIES", default=6)  # a failing mail server: retried this often
EMAIL_RETRY_BACKOFF = env.int("EMAIL_RETRY_BACKOFF", default=30)  # seconds, doubled on each retry (at most 1 h)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")  # where links in e-mails and the calendar point

CELERY_BEAT_SCHEDULE = {
    "sweep-documents": {"task": "reporting.sweep_documents", "schedule": DOCUMENT_SWEEP_SECONDS},
    "send-reminders": {"task": "notifications.send_reminders", "schedule": crontab(hour=NOTIFICATION_HOUR, minute=0)},
    "send-digests": {"task": "notifications.send_digests", "schedule": crontab(hour=NOTIFICATION_HOUR, minute=5)},
    "resend-emails": {"task": "notifications.resend_emails", "schedule": crontab(minute=30)},
}

# --- E-mail --------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="clusterflow@localhost")

# --- Authentication ------------------------------------------------------------------------------
# The pages' sign-in form is at / (web/views/account.py); the admin keeps its own.
LOGIN_URL = "web:home"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "common.api.schema.Schema",
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "common.api.errors.exception_handler",
    # Brute force on sign-in gets 429 (common/api/throttles.py): every attempt counts against the client's
    # address, a failed one also against the username, from whatever address it comes.
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("LOGIN_THROTTLE_RATE", default="10/minute"),
        "login_username": env.str("LOGIN_THROTTLE_RATE_USERNAME", default="20/hour"),
    },
    # The client's address is REMOTE_ADDR unless this many proxies of ours append to X-Forwarded-For; with
    # 0 the header is ignored, so a client cannot choose its own address (and a fresh sign-in budget).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clusterflow API",
    "DESCRIPTION": (
        "Grant and project management for vocational-education clusters. Sign in with "
        "`POST /api/auth/token/` and send `Authorization: Token …`, or use the session of the admin."
    ),
    "VERSION": "1.0.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    # POST …/transitions/{transition}/ is documented as one operation per transition, each with its body.
    "PREPROCESSING_HOOKS": ["workflows.api.one_operation_per_transition"],
    # The Swagger UI's assets come from drf-spectacular-sidecar's static files, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: Swagger UI would send the schema's URL to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "projects.models.projects.ProjectStatus",
        "PartnerRoleEnum": "projects.models.projects.PartnerRole",
        "MembershipRoleEnum": "projects.models.projects.MembershipRole",
        "DeliverableStatusEnum": "projects.models.delivery.DeliverableStatus",
        "ClaimStatusEnum": "projects.models.periods.ClaimStatus",
        "PeriodicReportStatusEnum": "projects.models.periods.PeriodicReportStatus",
        "CostCategoryEnum": "projects.models.programmes.CostCategory",
        "CountryEnum": "projects.codes.COUNTRY_CODES",
        "CurrencyEnum": "projects.codes.CURRENCY_CODES",
    },
}

# --- Cache: the sign-in throttle's counters, shared by every web process --------------------------
# CACHE_URL, e.g. redis://127.0.0.1:6379/1. Without it the database cache: every process (and host) that
# shares the database shares the counters; `migrate` creates its table (common/apps.py).
CACHES = {"default": env.cache_url_config(env.str("CACHE_URL", default="") or "dbcache://clusterflow_cache")}

# --- Request bodies and error answers ------------------------------------------------------------
# A body (JSON or form fields) larger than this is refused with 413; the file parts of a multipart upload
# do not count (they are streamed to disk and limited by FILE_UPLOAD_MAX_SIZE).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# Under /api/ errors are JSON with `detail` (common/api/handlers.py); elsewhere pages in the product's layout.
CSRF_FAILURE_VIEW = "web.errors.csrf_failure"

# --- Logging: to the console, where gunicorn and Celery collect it -----------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every rendering step at INFO; its warnings (an unsupported CSS rule) still show.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
