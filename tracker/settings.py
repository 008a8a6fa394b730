"""Settings for Acuerdos, read from the environment (see README, "Configuration").

Production is the default: without DJANGO_DEBUG=1 the site needs DJANGO_SECRET_KEY and runs with the
production block at the end (HTTPS, HSTS, secure cookies; docs/deploying.md). `make run` sets
DJANGO_DEBUG=1: SQLite under var/, e-mail written to var/mail/, Celery tasks run in-process.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Off unless asked for: every entry point (manage.py, wsgi, celery) gets production settings unless
# DJANGO_DEBUG=1 is set, as `make run` (scripts/run.sh) and the tests (settings_test.py) do.
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# No default secret outside development: a production deploy without one must not start.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off (the default). "
            "For development set DJANGO_DEBUG=1 or use `make run`.")
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG-on"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "tracker",
    "directory",
    "meetings",
    "agreements",
    "demo",
    "followup",
    "workspace",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "api",
    "documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tracker.urls"
# Django's database sessions, their read compiled once (tracker/sessions.py).
SESSION_ENGINE = "tracker.sessions"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tracker.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'acuerdos.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that needs no round trip (tracker/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "tracker.postgresql"
    # No JIT: list queries with derived status have high cost estimates, and compiling them took
    # longer than running them (EXPLAIN ANALYZE in bench/api_scale.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Random reads cost about what sequential ones do when the data is in memory or on SSD (the
    # server's default 4 assumes spinning disks): with 1.1 an enlace's "Mis acuerdos" joins their
    # ~3,000 parts to their acuerdos by primary key instead of hashing all 150,000 acuerdos.
    if "random_page_cost" not in DATABASES["default"]["OPTIONS"]["options"]:
        DATABASES["default"]["OPTIONS"]["options"] += " -c " + "random_page_cost=" + env.str(
            "DATABASE_RANDOM_PAGE_COST", default="1.1")
# Persistent connections in production (a new PostgreSQL connection was ~7% of an API request,
# issue 17): each gunicorn worker keeps its connection DATABASE_CONN_MAX_AGE seconds and checks it
# is alive before reusing it (CONN_HEALTH_CHECKS), so a restarted database costs a reconnection,
# never a failed request (tracker.postgresql checks the socket, and pings only a connection with
# something to read). Development keeps 0: runserver opens a thread per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0 if DEBUG else 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=True)
# The reads compiled once (tracker.compiled, the API token's) are prepared on the server: parsed
# and planned once per connection, not once per request (PostgreSQL spent ~3× less CPU on an API
# list). Off (0) behind a pooler in transaction mode that cannot keep prepared statements.
DATABASES["default"]["PREPARED_STATEMENTS"] = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
# SQLite ignores an index's INCLUDE columns (agreements' resp_responsable_idx, a PostgreSQL
# covering index): it still gets the index on its key, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Spanish (Mexico) first; English available through the language switcher / Accept-Language.
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", _("Spanish (Mexico)")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# E-mail: EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.org:587) in production;
# otherwise every message is written as a file under var/mail/ so a developer can read it.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Acuerdos <acuerdos@localhost>")

# Celery: with REDIS_URL unset, tasks run in-process (eager); tracker.apps logs that once.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
# REST API (api/): OpenAPI schema, one error format, filters. See README, "REST API".
REST_FRAMEWORK.update({
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StableCursorPagination",
    "PAGE_SIZE": 50,
    # orjson for JSON (same output as DRF's JSONRenderer, api/renderers.py); the browsable API stays.
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.OrjsonRenderer", "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # DRF's negotiation, its choice kept per Accept header (api/negotiation.py).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.KeptContentNegotiation",
})
SPECTACULAR_SETTINGS = {
    "TITLE": "Acuerdos API",
    "DESCRIPTION": "Working groups, sessions, acuerdos and their follow-up. Authenticate with "
    "`Authorization: Token <key>` (POST /api/v1/auth/token/) or a browser session.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "AcuerdoStatusEnum": "agreements.models.Acuerdo.Status",
        "ResponsibilityStatusEnum": "agreements.models.Responsibility.Status",
        "SessionStatusEnum": "meetings.models.Session.Status",
        "MinutaStatusEnum": "meetings.models.Session.MinutaStatus",
        "ReportStatusEnum": "api.followup_serializers.ReportStatus",
        "ReportedStatusEnum": "api.followup_serializers.ReportedStatus",
        "DueDateRequestStateEnum": "followup.models.DueDateRequest.State",
        "StateEnum": "meetings.states.State",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django": {"level": "WARNING"}},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Follow-up (followup app): evidence files attached to an institution's report.
FOLLOWUP_EVIDENCE_MAX_BYTES = env.int("FOLLOWUP_EVIDENCE_MAX_MB", default=10) * 1024 * 1024
FOLLOWUP_EVIDENCE_MAX_FILES = 5
# Notifications (issue 7): reminders, escalations, digest, invitations, approved minutas.
INSTALLED_APPS += ["notifications"]
INSTALLED_APPS += ["workplan"]
from .schedules import CELERY_BEAT_SCHEDULE  # noqa: E402,F401  (all periodic schedules)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)
NOTIFICATIONS_RETRY_BACKOFF_SECONDS = env.float("NOTIFICATIONS_RETRY_BACKOFF_SECONDS", default=60)
NOTIFICATIONS_SENDING_LEASE_SECONDS = env.float("NOTIFICATIONS_SENDING_LEASE_SECONDS", default=600)
NOTIFICATIONS_MINUTA_ATTACHMENT_MAX_BYTES = env.int(
    "NOTIFICATIONS_MINUTA_ATTACHMENT_MAX_BYTES", default=5 * 1024 * 1024
)
NOTIFICATIONS_TIMER_SECONDS = env.int("NOTIFICATIONS_TIMER_SECONDS", default=300)

# Calendar feeds (issue 15): private .ics subscriptions with a secret in the URL.
INSTALLED_APPS += ["calendars"]

# Imports (issue 13): Word minutas and spreadsheets of acuerdos brought in from the past.
INSTALLED_APPS += ["imports"]
IMPORTS_MAX_BYTES = env.int("IMPORTS_MAX_MB", default=30) * 1024 * 1024
IMPORTS_MAX_EXPANDED_BYTES = 300 * 1024 * 1024  # what a .docx may expand to (zip bombs)
# Search (issue 16): one box over minutas, acuerdos, reports, people and institutions.
INSTALLED_APPS += ["django.contrib.postgres", "search"]
# Dates in words (pdf branch): the human_date filter of tracker/dates.py in every template.
TEMPLATES[0]["OPTIONS"].setdefault("builtins", []).append("tracker.templatetags.dates")
# SQLite, the embedded default, has several writers under `make run`: the web process, the Celery
# worker's processes and beat (issue 10). WAL lets readers and one writer work at once; BEGIN
# IMMEDIATE takes the write lock when a transaction starts, so two transactions never both read
# and then fail to upgrade to writing ("database is locked" at once, whatever the timeout); the
# busy timeout makes a writer wait its turn instead of failing. synchronous=NORMAL is WAL's usual
# pairing: durable across application crashes, the last commits may be lost on a power cut.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_TIMEOUT_SECONDS", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })

# Private files (photos, evidence): served only through access-checked views (tracker/private_files.py),
# never from MEDIA_URL. In production the proxy can send the bytes: "x-accel-redirect" (nginx, with
# an internal location at PRIVATE_FILES_INTERNAL_PREFIX aliasing MEDIA_ROOT) or "x-sendfile".
PRIVATE_FILES_SERVE = env.str("PRIVATE_FILES_SERVE", default="django")
if PRIVATE_FILES_SERVE not in ("django", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured(
        "PRIVATE_FILES_SERVE must be one of: django, x-accel-redirect, x-sendfile.")
PRIVATE_FILES_INTERNAL_PREFIX = env.str("PRIVATE_FILES_INTERNAL_PREFIX",
                                        default="/protected-media/")  # deploy/nginx.conf

# Error pages (templates/400|403|404|500.html, 403_csrf.html): in the site's layout and language.
CSRF_FAILURE_VIEW = "tracker.error_views.csrf_failure"
# Hardening of uploads (issue 11, branch harden; docs/security-uploads-and-login.md).
# Archives (docx, xlsx, odt…) are refused when they unpack to more than this, more than RATIO
# times their compressed size, or into more than ENTRIES parts (zip bombs).
FOLLOWUP_ARCHIVE_MAX_UNCOMPRESSED_BYTES = (
    env.int("FOLLOWUP_ARCHIVE_MAX_UNCOMPRESSED_MB", default=200) * 1024 * 1024
)
FOLLOWUP_ARCHIVE_MAX_RATIO = env.int("FOLLOWUP_ARCHIVE_MAX_RATIO", default=200)
FOLLOWUP_ARCHIVE_MAX_ENTRIES = env.int("FOLLOWUP_ARCHIVE_MAX_ENTRIES", default=5000)
# ClamAV (optional): unix:///run/clamav/clamd.ctl or tcp://host:3310; empty = no scan.
CLAMAV_URL = env.str("CLAMAV_URL", default="")
CLAMAV_TIMEOUT_SECONDS = env.float("CLAMAV_TIMEOUT_SECONDS", default=30)
CLAMAV_FAIL_OPEN = env.bool("CLAMAV_FAIL_OPEN", default=False)
# Session photos: refused above this many pixels (decoding costs ~4 bytes a pixel).
MEETINGS_PHOTO_MAX_PIXELS = env.int("MEETINGS_PHOTO_MAX_PIXELS", default=50_000_000)
# Sign-in security (issue 11, branch harden): lockouts with django-axes, password reset limits.
import datetime as _dt  # noqa: E402

INSTALLED_APPS += ["axes", "security"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last: it turns a lockout into its page
AUTHENTICATION_BACKENDS = [
    "security.backends.AxesBackend",  # refuses a locked-out user or address first
    "django.contrib.auth.backends.ModelBackend",
]
# Locked after AXES_FAILURE_LIMIT failures for one username, and separately from one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = env.list("AXES_LOCKOUT_PARAMETERS", default=["username", "ip_address"])
AXES_COOLOFF_TIME = _dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "security.lockout.client_ip"
SIGNIN_TRUSTED_PROXY_COUNT = env.int("SIGNIN_TRUSTED_PROXY_COUNT", default=0)  # proxies in front
PASSWORD_RESET_WINDOW = _dt.timedelta(hours=1)
PASSWORD_RESET_MAX_PER_ADDRESS = env.int("PASSWORD_RESET_MAX_PER_ADDRESS", default=3)
PASSWORD_RESET_MAX_PER_IP = env.int("PASSWORD_RESET_MAX_PER_IP", default=20)
# Optional second factor (TOTP, django-otp): off by default; when on, required for staff and
# every group's secretariat (security/second_factor.py).
TWO_FACTOR_ENABLED = env.bool("TWO_FACTOR_ENABLED", default=False)
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
                  "security.middleware.SecondFactorMiddleware")
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Acuerdos")
# Optional single sign-on, OpenID Connect (security/oidc.py): on when OIDC_RP_CLIENT_ID is set.
OIDC_ENABLED = bool(env.str("OIDC_RP_CLIENT_ID", default=""))
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="") or None
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = True
OIDC_USERNAME_ALGO = "security.oidc.username_from_email"
OIDC_CREATE_USER_WITHOUT_PERSON = env.bool("OIDC_CREATE_USER_WITHOUT_PERSON", default=False)
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="")  # shown on the sign-in button
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
if OIDC_ENABLED:
    INSTALLED_APPS += ["mozilla_django_oidc"]
    AUTHENTICATION_BACKENDS += ["security.oidc.DirectoryOIDCBackend"]
# --- Production deployment (deploy branch; docs/deploying.md and docs/security.md) ---
# Static files: WhiteNoise serves STATIC_ROOT (filled by `manage.py collectstatic`) from the app with
# hashed names and far-future caching, so the proxy needs no static location. (In development
# runserver and the test live server serve them from the source folders.)
STATIC_ROOT = env.path("STATIC_ROOT", default=STATIC_ROOT)
if not DEBUG:
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")
# Content-Security-Policy on every response, in development too, so the browser tests see what
# production sends: only this site's own scripts, styles, images and fonts; no inline code.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.append("tracker.csp.CSPMiddleware")  # django-csp's, its header kept
CONTENT_SECURITY_POLICY = {
    # Swagger UI (/api/docs/) loads from a CDN and is built on inline styles; it is tooling for API
    # users, behind login in production (API_DOCS_PUBLIC).
    "EXCLUDE_URL_PREFIXES": ["/api/docs/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = env.str("DJANGO_REFERRER_POLICY", default="same-origin")
# /api/docs/ and /api/schema/: public in development, for signed-in users in production.
API_DOCS_PUBLIC = env.bool("API_DOCS_PUBLIC", default=DEBUG)
if not API_DOCS_PUBLIC:
    SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"] = ["rest_framework.permissions.IsAuthenticated"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not DEBUG:
    # Hashed, pre-compressed copies made by collectstatic (needs it run before start).
    STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    # HTTPS only. Behind a TLS proxy, Django learns the scheme from the header the proxy sets
    # (X-Forwarded-Proto by default; DJANGO_SECURE_PROXY_SSL_HEADER="" when there is no proxy).
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    _proxy_header = env.str("DJANGO_SECURE_PROXY_SSL_HEADER", default="X-Forwarded-Proto")
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)  # one year
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    # /healthz is probed over plain HTTP from inside the host or the compose network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_HTTPONLY = True
    CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
# Private files (minutas, evidence, photos): served by the access-checked view; with
# PRIVATE_FILES_SERVE=x-accel-redirect nginx sends the bytes (docs/deploying.md, "nginx").
# Media in S3-compatible object storage, for several web machines: STORAGE_BACKEND=s3 and AWS_*.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="filesystem")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,  # links expire (AWS_QUERYSTRING_EXPIRE seconds)
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "filesystem":
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'filesystem' or 's3'.")
# Logs: LOG_FORMAT=json writes one JSON object per line (for journald/Loki/ELK); Celery keeps
# Django's logging instead of installing its own handlers.
if env.str("LOG_FORMAT", default="plain") == "json":
    LOGGING["formatters"]["json"] = {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"
    CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Health: GET /healthz checks the database and Redis (tracker/health.py); the worker's check is
# `celery -A tracker inspect ping` (docs/deploying.md, "Health checks").
HEALTHZ_REDIS_TIMEOUT_SECONDS = env.float("HEALTHZ_REDIS_TIMEOUT_SECONDS", default=2)
# --- Informe (reports app): the figures users report upward
INSTALLED_APPS += ["reports"]
# Audit log (audit app, issue 11): sign-ins, tokens, downloads, exports, admin changes, checks.
INSTALLED_APPS += ["audit"]
# API tokens (api/tokens.py): stored as hashes, valid this many days after they are issued.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
# --- Convocatorias (convoca branch): convocatoria, attendance confirmations, quorum
INSTALLED_APPS += ["convocatorias"]

# Publication (issue 16, transparency): the public site /publico/ and its open data.
INSTALLED_APPS += ["publication"]
PUBLICATION_LICENSE = env.str(
    "PUBLICATION_LICENSE",
    default="Datos abiertos bajo la Licencia de Libre Uso MX (https://datos.gob.mx/libreusomx)",
)

# OpenAPI: one enum name per choice set of the fields called "kind" (drf-spectacular W001).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update({
    "InstitutionKindEnum": "directory.models.Institution.Kind",
    "AcuerdoEventKindEnum": "agreements.models.AcuerdoEvent.Kind",
    "ProgressReportKindEnum": "followup.models.ProgressReport.Kind",
    "AcuerdoKindEnum": "agreements.models.Acuerdo.Kind",
    "SearchKindEnum": "search.models.SearchEntry.Kind",
})

# Design system (issue 18): the institution named in the header and footer of every page, as
# Mexican federal web services do.
INSTITUTION_NAME = env.str(
    "INSTITUTION_NAME",
    default="Unidad de Política Migratoria, Registro e Identidad de Personas",
)
# OpenAPI of the work plan API (plandocs): one enum name per "status" choice set (W001).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update({
    "PlanStatusEnum": "workplan.models.Plan.Status",
    "ProposalStatusEnum": "workplan.models.Proposal.Status",
})
# Work plan reminders (workplan/reminders.py): days before an actividad's end date on which its
# responsables' enlaces are reminded when it has no progress yet (planned by the notifications sweep).
WORKPLAN_REMINDER_DAYS_BEFORE = tuple(env.list("WORKPLAN_REMINDER_DAYS_BEFORE", cast=int,
                                               default=[30, 7]))
