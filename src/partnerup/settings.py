"""Settings, read from environment variables.

Every variable has a default that needs nothing installed: SQLite and a generated secret key in
the data folder, a local-memory cache, background tasks run inline, e-mail printed to the console.
Production sets `PARTNERUP_DATABASE_URL`, `PARTNERUP_REDIS_URL` and `PARTNERUP_SMTP_HOST`.
See docs/configuration.md for the full list.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"PARTNERUP_{name}", default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = env(name, "1" if default else "0").lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"PARTNERUP_{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env(name, str(default))
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"PARTNERUP_{name} must be a whole number, not {raw!r}."
        ) from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DATA_DIR = Path(env("DATA_DIR", str(Path.cwd() / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    configured = env("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret.key"
    if not key_file.exists():
        # Created once and kept, so sessions survive restarts; readable by the owner only.
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
if not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

# --- Applications -------------------------------------------------------------------------------
INSTALLED_APPS = [
    "partnerup.common",
    "partnerup.accounts",
    "partnerup.directory",
    "partnerup.placements",
    "partnerup.events",
    "partnerup.demo",
    # The admin site asks the rules and the MFA session (accounts/admin_site.py).
    "partnerup.accounts.admin_site.PartnerUpAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnerup.common.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partnerup.accounts.middleware.OrganiserMFAMiddleware",
    "partnerup.accounts.middleware.UserLanguageMiddleware",
]

ROOT_URLCONF = "partnerup.urls"
WSGI_APPLICATION = "partnerup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnerup.common.context_processors.partnerup",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as exc:
        raise ImproperlyConfigured(f"PARTNERUP_DATABASE_URL is not a database URL: {exc}") from None
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "PARTNERUP_DATABASE_URL must be a postgres:// URL; leave it empty for SQLite."
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(DATA_DIR / "partnerup.sqlite3")),
            # WAL lets readers and one writer work side by side on the embedded database.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory, so the browser tests' live server handles parallel requests;
            # one per test process, so two test runs on one machine never share it.
            "TEST": {"NAME": env("TEST_DATABASE", str(DATA_DIR / f"test-{os.getpid()}.sqlite3"))},
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, background tasks --------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = env_bool("TASKS_INLINE", False)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    if not env_bool("TASKS_INLINE", True):
        raise ImproperlyConfigured(
            "PARTNERUP_TASKS_INLINE=false needs a broker: set PARTNERUP_REDIS_URL."
        )
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands a task that was taken but never acknowledged (its worker died) to another worker
# only after this many seconds. Longer than the longest task (a 600 s scheduler run), so a run
# in progress is not handed out twice; dead scheduler runs come back sooner through
# `recover_schedule_runs`. See docs/production.md.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("REDIS_VISIBILITY_TIMEOUT", 900)}
# Without a broker, long work (scheduler runs) runs in this many threads of the app process.
BACKGROUND_THREADS = env_int("BACKGROUND_THREADS", 2)
# A scheduler run touches its heartbeat every SCHEDULE_HEARTBEAT seconds; one silent for
# SCHEDULE_STALE_AFTER seconds has died and is run again, at most SCHEDULE_MAX_ATTEMPTS times.
SCHEDULE_HEARTBEAT = env_int("SCHEDULE_HEARTBEAT", 5)
SCHEDULE_STALE_AFTER = env_int("SCHEDULE_STALE_AFTER", 45)
SCHEDULE_MAX_ATTEMPTS = env_int("SCHEDULE_MAX_ATTEMPTS", 3)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# One queue per installation sharing a Redis (and per test run that starts a worker).
CELERY_TASK_DEFAULT_QUEUE = env("TASK_QUEUE", "celery")
# Periodic work for `celery -A partnerup beat` (or run the same management commands from cron).
CELERY_BEAT_SCHEDULE = {
    "expire-requests": {"task": "partnerup.events.tasks.expire_requests", "schedule": 300.0},
    "remind-feedback": {"task": "partnerup.events.tasks.remind_feedback", "schedule": 86400.0},
    "apply-retention": {"task": "partnerup.placements.tasks.apply_retention", "schedule": 86400.0},
    "recover-schedule-runs": {
        "task": "partnerup.events.tasks.recover_schedule_runs",
        "schedule": 60.0,
    },
}

# --- E-mail -------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "PartnerUp <noreply@partnerup.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMTP_HOST = env("SMTP_HOST")
if SMTP_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = SMTP_HOST
    EMAIL_PORT = env_int("SMTP_PORT", 587)
    EMAIL_HOST_USER = env("SMTP_USER")
    EMAIL_HOST_PASSWORD = env("SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("SMTP_TLS", True)
    EMAIL_USE_SSL = env_bool("SMTP_SSL", False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("Set only one of PARTNERUP_SMTP_TLS and PARTNERUP_SMTP_SSL.")
    if bool(EMAIL_HOST_USER) != bool(EMAIL_HOST_PASSWORD):
        raise ImproperlyConfigured(
            "Set both PARTNERUP_SMTP_USER and PARTNERUP_SMTP_PASSWORD, or neither."
        )
else:
    for name in ("SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD"):
        if env(name):
            raise ImproperlyConfigured(f"PARTNERUP_{name} is set but PARTNERUP_SMTP_HOST is not.")
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Mandatory: only then can sign-up answer the same for a new and a taken address (the owner of a
# taken one gets an e-mail instead), and invitations are accepted by verified addresses only.
ACCOUNT_EMAIL_VERIFICATION = env("EMAIL_VERIFICATION", "mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "partnerup.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PartnerUp] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_ISSUER", "PartnerUp")
# Organisers must set up TOTP; PARTNERUP_REQUIRE_ORGANISER_MFA=false is for local demos only.
REQUIRE_ORGANISER_MFA = env_bool("REQUIRE_ORGANISER_MFA", True)

# --- Languages and time -------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian Bokmål"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# British English and Språkrådet's Norwegian dates (Django's `en` is American).
FORMAT_MODULE_PATH = "partnerup.formats"
TIME_ZONE = "Europe/Oslo"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "partnerup_language"

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Hashed, compressed static files once `partnerup collectstatic` has run (production); before
# that (development, tests) files are served straight from the apps' static folders.
STATIC_FROM_FINDERS = env_bool(
    "STATIC_FROM_FINDERS", DEBUG or not (STATIC_ROOT / "staticfiles.json").exists()
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if STATIC_FROM_FINDERS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = STATIC_FROM_FINDERS
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 2 * 1024 * 1024)
# Private uploads (pitch attachments) live outside MEDIA_ROOT and are handed out by a view that
# checks the permission (common/files.py): by Django itself, or by nginx (X-Accel-Redirect to
# the `internal` location PRIVATE_FILES_INTERNAL_URL) or Apache (X-Sendfile).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(DATA_DIR / "private")))
PRIVATE_FILES_SERVER = env("PRIVATE_FILES", "django").lower()
if PRIVATE_FILES_SERVER not in ("django", "nginx", "apache"):
    raise ImproperlyConfigured(
        f"PARTNERUP_PRIVATE_FILES must be django, nginx or apache, not {PRIVATE_FILES_SERVER!r}."
    )
PRIVATE_FILES_INTERNAL_URL = env("PRIVATE_FILES_INTERNAL_URL", "/_private/")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security -----------------------------------------------------------------------------------
SECURE = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only our own scripts, styles and images (data: for the TOTP QR code); no inline code, no
# plugins, no framing, forms post only to us (common/csp.py, docs/security.md).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
SESSION_COOKIE_HTTPONLY = True

if not DEBUG and SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("PARTNERUP_SECRET_KEY must not be an insecure development key.")
if SECURE and not env("ALLOWED_HOSTS"):
    raise ImproperlyConfigured(
        "PARTNERUP_SITE_URL is https but PARTNERUP_ALLOWED_HOSTS is empty: name the host names."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

PAGE_SIZE = 25
