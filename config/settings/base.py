"""Settings shared by every environment. Environment-specific values live in dev/test/prod."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "mlplatform.core",
    "mlplatform.network",
    "mlplatform.accounts",
    "mlplatform.frameworks",
    "mlplatform.reports",
    "mlplatform.evidence",
    "mlplatform.assessments",
    "mlplatform.improvement",
    "mlplatform.observatory",
    "mlplatform.api",
    "mlplatform.label",
    "mlplatform.audits",
    "mlplatform.commission",
    "mlplatform.legal",
    "mlplatform.programmes",
    "mlplatform.animation",
    "mlplatform.surveys",
    "mlplatform.training",
    "mlplatform.activity_reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed (static files are served compressed by WhiteNoise). Django's CSRF tokens
    # are masked per response and this middleware pads its output (BREACH mitigation).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "mlplatform.accounts.middleware.CurrentMembershipMiddleware",
    "mlplatform.accounts.middleware.TwoFactorRequiredMiddleware",
    "mlplatform.core.middleware.SuperuserOnlyAdminMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "mlplatform.accounts.context_processors.current_membership",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads are small tables: refuse anything larger before it reaches a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
REGISTRY_UPLOAD_MAX_BYTES = 5 * 1024 * 1024

# Evidence library (mlplatform/evidence): the largest file accepted, and the document types allowed,
# named as in mlplatform/evidence/checks.py FILE_TYPES (every type is recognised from the content).
EVIDENCE_MAX_UPLOAD_BYTES = int(os.environ.get("EVIDENCE_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
EVIDENCE_ALLOWED_TYPES: list[str] = env_list(
    "EVIDENCE_ALLOWED_TYPES", "pdf,png,jpeg,webp,gif,docx,xlsx,pptx,odt,ods,odp,txt,csv"
)

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Plateforme label Missions Locales <noreply@localhost>"
)

# The only cookies the platform sets are the session's and the CSRF token's (both strictly necessary:
# no consent banner, /donnees-personnelles/ says so): messages go into the session, not a cookie.
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Strict Content Security Policy: no inline script, no inline style, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Reverse proxies whose X-Real-IP header gives the visitor's address (see docs/deploiement.md).
TRUSTED_PROXY_IPS: list[str] = env_list("TRUSTED_PROXY_IPS")

# Login throttling: failures counted per e-mail and per client address over a sliding window.
LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60
LOGIN_THROTTLE_MAX_FAILURES_PER_EMAIL = 5
LOGIN_THROTTLE_MAX_FAILURES_PER_IP = 30

# Invitations stay valid this many days.
INVITATION_VALIDITY_DAYS = 14

OTP_TOTP_ISSUER = "Label Missions Locales"

# Observatory (spec observatoire-format-v1): pseudonymised rows stored as Parquet, never served.
OBSERVATORY_DIR = Path(os.environ.get("OBSERVATORY_DIR", VAR_DIR / "observatory"))
# Secret of the keyed hash replacing the young people's identifiers (section 4b). Production requires it.
OBSERVATORY_HMAC_KEY = os.environ.get("OBSERVATORY_HMAC_KEY", "dev-only-observatory-key-change-me")
# DuckDB resources for imports and computations (two cores, under 2 GB).
OBSERVATORY_DUCKDB_THREADS = int(os.environ.get("OBSERVATORY_DUCKDB_THREADS", "2"))
OBSERVATORY_DUCKDB_MEMORY_LIMIT = os.environ.get("OBSERVATORY_DUCKDB_MEMORY_LIMIT", "1200MB")
# Largest upload accepted per observatory file (a national extract is about a gigabyte).
OBSERVATORY_UPLOAD_MAX_BYTES = int(os.environ.get("OBSERVATORY_UPLOAD_MAX_BYTES", str(4 * 1024**3)))

# Background work (imports, e-mails, reminders) on Django's task framework. The default keeps
# tasks in the database (django-tasks-db): no extra service, a worker process runs them
# (`python manage.py db_worker`, started by `make run` beside the development server). With
# TASK_BACKEND=immediate, tasks run at once in the process that enqueues them (tests).
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
TASKS = {
    "default": (
        {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
        if TASK_BACKEND == "immediate"
        else {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    )
}
# A task that fails is tried again this many times in all, later each time, then reported.
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "4"))
TASK_RETRY_DELAYS_SECONDS = (60, 300, 1800)

# Cache: Django's Redis cache when REDIS_URL is set (shared by every process and server: API
# throttle, rate limits), else the memory of each process (one process only).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

PLATFORM_NAME = "Label qualité des Missions Locales"
# The label cycle's parameters (domain.md: comparable labels last 3 years with a follow-up audit).
LABEL_VALIDITY_YEARS = int(os.environ.get("LABEL_VALIDITY_YEARS", "3"))
LABEL_FOLLOW_UP_MONTHS = int(os.environ.get("LABEL_FOLLOW_UP_MONTHS", "18"))
LABEL_RENEWAL_NOTICE_DAYS = int(os.environ.get("LABEL_RENEWAL_NOTICE_DAYS", "180"))
LABEL_ENGAGEMENT_TARGET = os.environ.get("LABEL_ENGAGEMENT_TARGET", "2024-12-31")
# The address people reach the platform at, for links in e-mails sent outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Training participants' names and e-mails are anonymised this many years after the year of the plan
# (`manage.py training purge`, mlplatform/training/purge.py).
TRAINING_RETENTION_YEARS = int(os.environ.get("TRAINING_RETENTION_YEARS", "3"))

# Legal information (mlplatform/legal: /mentions-legales/, /donnees-personnelles/, /contact/...), per
# deployment. Nothing is invented by default: what is left empty shows as "non renseigné", and
# `manage.py check --deploy` warns about it.
LEGAL_PUBLISHER_NAME = os.environ.get("LEGAL_PUBLISHER_NAME", "Union nationale des Missions Locales (UNML)")
LEGAL_PUBLISHER_ADDRESS = os.environ.get("LEGAL_PUBLISHER_ADDRESS", "")
LEGAL_PUBLISHER_PHONE = os.environ.get("LEGAL_PUBLISHER_PHONE", "")
LEGAL_PUBLICATION_DIRECTOR = os.environ.get("LEGAL_PUBLICATION_DIRECTOR", "")
LEGAL_HOST_NAME = os.environ.get("LEGAL_HOST_NAME", "")
LEGAL_HOST_ADDRESS = os.environ.get("LEGAL_HOST_ADDRESS", "")
LEGAL_HOST_PHONE = os.environ.get("LEGAL_HOST_PHONE", "")
# Where people report a problem (accessibility included) and ask for an accessible alternative.
LEGAL_CONTACT_EMAIL = os.environ.get("LEGAL_CONTACT_EMAIL", "")
# Where people exercise their rights on the platform's processing (the UNML's data protection
# contact); the contact address above when empty.
LEGAL_PRIVACY_EMAIL = os.environ.get("LEGAL_PRIVACY_EMAIL", "")
# Complete backups kept by scripts/backup.sh (the same variable, from the same environment file):
# read here so that /donnees-personnelles/ tells how long a copy of the data lives.
BACKUP_KEEP = int(os.environ.get("BACKUP_KEEP", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF step at INFO level.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
