"""Settings for the Kvota Portalı, driven by environment variables.

With no environment at all the portal runs in development mode on a SQLite
file beside manage.py.  ``DJANGO_DEBUG=0`` switches to production mode, which
refuses to start without a real secret key and allowed hosts.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from classification.countries import cldr_overrides

BASE_DIR = Path(__file__).resolve().parent.parent

_DEV_SECRET_KEY = "django-insecure-development-key-never-use-in-production"  # noqa: S105


def env_str(name: str, default: str = "") -> str:
    """Return an environment variable as a stripped string."""
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    """Return an environment variable as a boolean; reject unclear values."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0/1, true/false, yes/no or on/off, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    """Return an environment variable as an integer."""
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_minutes(name: str, default: int) -> datetime.timedelta:
    """Return an environment variable of whole minutes (at least 1) as a duration."""
    minutes = env_int(name, default)
    if minutes < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1 minute, not {minutes}.")
    return datetime.timedelta(minutes=minutes)


def env_rate(name: str, default: str) -> tuple[int, int] | None:
    """Return a rate such as ``120/m``, ``10/s``, ``1000/h`` or ``30/5m`` as (requests, seconds).

    ``off`` returns None: no limit.
    """
    raw = env_str(name, default)
    if raw.lower() == "off":
        return None
    match = re.fullmatch(r"(\d+)\s*/\s*(\d*)\s*([smh])", raw)
    if not match or int(match[1]) < 1:
        raise ImproperlyConfigured(
            f"{name} must look like 120/m, 10/s or 1000/h (or be off), not {raw!r}."
        )
    return int(match[1]), int(match[2] or 1) * {"s": 1, "m": 60, "h": 3600}[match[3]]


def env_list(name: str, default: str = "") -> list[str]:
    """Return a comma-separated environment variable as a list."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random string of at least 50 characters "
            "when DJANGO_DEBUG=0."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=0.")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin behind allauth's login with a second factor (quota_portal/admin_site.py).
    "quota_portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_countries",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "quota_portal.outbox",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # The project package: its ready() connects the password reset to django-axes.
    "quota_portal.apps.PortalConfig",
    "classification",
    "forecasts",
    "vacancies",
]

MIDDLEWARE = [
    # First, so that every answer has the policy: a 400 for a foreign Host or a 500 from
    # any middleware below included.
    "csp.middleware.CSPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The language comes from the URL (/, /en/, /ru/); see quota_portal/urls.py.
    "quota_portal.middleware.LanguageMiddleware",
    # Anonymous visitors' public pages; a hit skips everything below (quota_portal/pagecache.py).
    "quota_portal.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out sessions left unused (SESSION_IDLE_TIMEOUT*), after the messages it uses.
    "quota_portal.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quota_portal.urls"
WSGI_APPLICATION = "quota_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quota_portal.languages.languages",
                "quota_portal.context_processors.dmx_contact",
            ],
        },
    },
]

# Database: SQLite beside manage.py unless DATABASE_URL names another one.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: every transaction takes the write lock when it begins
    # (IMMEDIATE), so a second writer waits for it (up to the timeout, in seconds) and
    # then reads what the first one wrote, where the optimistic lock on a forecast's
    # version answers "changed elsewhere". A deferred transaction that reads first
    # cannot wait: SQLite refuses its later write at once ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _caches(url: str) -> dict:
    """Return CACHES for DJANGO_CACHE_URL: redis://…, file:///path, or empty for local memory."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        backend = {"BACKEND": "quota_portal.cache.PooledRedisCache", "LOCATION": url}
    elif url.startswith("file://"):
        backend = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": url.removeprefix("file://"),
        }
    elif url in ("", "locmem://"):
        # Room for the pages and the repeated searches (the default keeps only 300 entries).
        backend = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    else:
        raise ImproperlyConfigured(
            f"DJANGO_CACHE_URL must start with redis://, rediss://, unix:// or file://, not {url!r}."
        )
    return {"default": {**backend, "KEY_PREFIX": "kvota"}}


# Cache: Redis in production (one for every instance), this process's memory by default.
CACHE_URL = env_str("DJANGO_CACHE_URL")
CACHES = _caches(CACHE_URL)
# How long an anonymous visitor's public page is kept (quota_portal/pagecache.py); 0: never.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 600)
# How long a worker trusts its own copy of the public data's state before asking the shared
# cache again: another instance's change shows after at most this long; 0: always ask.
PAGE_CACHE_LOCAL_SECONDS = env_int("DJANGO_PAGE_CACHE_LOCAL_SECONDS", 2)
# Sessions live in the database; with a cache every instance shares, reads come from it.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL
    else "django.contrib.sessions.backends.db"
)

# New passwords (sign-up, reset, change) need 12 characters (OWASP ASVS L2, 2.1.1); older
# shorter ones still log in until their owner changes them.
PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first (see quota_portal/hashers.py); the others verify older hashes, which
# Django upgrades to Argon2id when their owner next logs in.
PASSWORD_HASHERS = [
    "quota_portal.hashers.OwaspArgon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out accounts before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Login by e-mail address (django-allauth); a ModelBackend, so permissions work as before.
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "forecasts:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Accounts (django-allauth): log in with the e-mail address, never a user name; sign up
# with the employer's profile (forecasts.forms.EmployerSignupForm). An unverified address
# may log in and fill a draft; submitting needs it verified (Forecast.submit's callers).
ACCOUNT_ADAPTER = "quota_portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "quota_portal.forms.LoginForm",
    # The current password is checked like a login: django-axes counts and locks.
    "change_password": "quota_portal.forms.ChangePasswordForm",
    "signup": "forecasts.forms.EmployerSignupForm",
    "reauthenticate": "quota_portal.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # the link opens a page whose button confirms
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_EMAIL_CONFIRMATION_ANONYMOUS_REDIRECT_URL = "account_login"
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "forecasts:dashboard"
# Neither the sign-up, the login nor the password reset says whether an address exists.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
# One address per account; a new one replaces it once verified, after re-authentication.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_SESSION_REMEMBER = True  # the idle timeouts below end sessions, not the browser


# A session left unused this long is signed out (OWASP ASVS L2 3.3.2; quota_portal/
# middleware.py): 30 minutes for DMX staff, a working day for employers filling a form.
SESSION_IDLE_TIMEOUT_STAFF = env_minutes("DJANGO_STAFF_IDLE_MINUTES", 30)
SESSION_IDLE_TIMEOUT = env_minutes("DJANGO_EMPLOYER_IDLE_MINUTES", 8 * 60)
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_USER_DISPLAY = "quota_portal.adapters.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's rate limits (sign-up 20/min per address, ...) stay, per visitor's address as
# django-axes sees it (AccountAdapter.get_client_ip), except its count of failed logins:
# django-axes keeps that one, in the database, where staff see and lift locks (AXES_*
# below); two counters would lock people twice. A password reset: 3 e-mails an hour to
# one address, 10 requests an hour from one visitor.
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    "reset_password": "10/h/ip,3/h/key",
}

# A second factor (allauth.mfa) for DMX staff: an authenticator app (TOTP) with recovery
# codes; the admin refuses staff without one (quota_portal/admin_site.py). Employers may
# add one too.
MFA_ADAPTER = "quota_portal.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kvota Portalı"
# Authenticator and recovery codes tried per account: 5 in 5 minutes (quota_portal/forms.py).
ACCOUNT_RATE_LIMITS["mfa_code"] = "5/5m/key"
MFA_FORMS = {
    "authenticate": "quota_portal.forms.MFAAuthenticateForm",
    "reauthenticate": "quota_portal.forms.MFAReauthenticateForm",
    "activate_totp": "quota_portal.forms.ActivateTOTPForm",
}

# Internationalisation: Azerbaijani first, then English and Russian.
LANGUAGE_CODE = "az"
LANGUAGES = [
    ("az", _("Azərbaycan dili")),
    ("en", _("English")),
    ("ru", _("Русский")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language is in the URL; the old switcher's cookie is only ever deleted, with these
# flags (Secure in production, below).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Asia/Baku"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads are read in memory and validated before anything is saved.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console unless an SMTP host is configured.
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str(
    "DJANGO_DEFAULT_FROM_EMAIL", "Kvota Portalı <noreply@migration.gov.az>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every e-mail is queued (outbox) and sent by the worker, `manage.py db_worker`; a failed
# attempt is retried after each of these delays in turn (seconds), then shown to staff.
try:
    EMAIL_RETRY_DELAYS = [
        int(delay) for delay in env_list("DJANGO_EMAIL_RETRY_DELAYS", "60,300,1800,7200,21600")
    ]
except ValueError:
    raise ImproperlyConfigured(
        "DJANGO_EMAIL_RETRY_DELAYS must be comma-separated whole seconds."
    ) from None

# Background tasks (django-tasks): stored in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The portal's address for links in e-mails and PDFs, never taken from a request's Host.
SITE_URL = (
    env_str("DJANGO_SITE_URL")
    or ("http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}")
).rstrip("/")

# Security: strict in production, relaxed only for local development.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # Only a plain-HTTP loopback load test turns these off; check --deploy then warns.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool(
        "DJANGO_SECURE_COOKIES", True
    )
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_SSL_REDIRECT:
        # TLS is terminated and redirected by the proxy in front of gunicorn.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]

# The client's address behind the proxy (django-ipware, quota_portal/throttling.py): how
# many proxies in front of gunicorn write X-Forwarded-For. 1 for the deployed nginx, which
# replaces the header with the address it sees; 0 (no proxy): REMOTE_ADDR is the client.
# Never more than there are: a visitor could then choose their address.
TRUSTED_PROXY_COUNT = env_int(
    "DJANGO_TRUSTED_PROXY_COUNT", 1 if env_bool("DJANGO_BEHIND_TLS_PROXY", False) else 0
)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT must be 0 or more.")

# Login throttling (django-axes): lock a user name from one address after repeated
# failures, so wrong passwords from elsewhere never lock its owner out (axes' recommended
# AXES_LOCKOUT_PARAMETERS). A password reset lifts the lock (quota_portal/apps.py).
AXES_ENABLED = env_bool("DJANGO_AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("DJANGO_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DJANGO_AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "quota_portal.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "quota_portal.throttling.client_ip"
# allauth's login form names its field "login" (quota_portal.forms.LoginForm passes it on);
# one count per address whatever its case.
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "quota_portal.throttling.login_username"
AXES_VERBOSE = False

# The public JSON APIs (search, suggest, vacancies): requests per client address and
# period, counted in the shared cache (quota_portal/throttling.py); nginx limits them
# again (deploy/nginx-kvota.conf). Past it: 429 with Retry-After. "off": nginx's alone.
API_RATE_LIMIT = env_rate("DJANGO_API_RATE_LIMIT", "120/m")
# A worker adds a client's requests to the shared count every this many requests (or
# after a second) instead of a round trip each; 1: every request.
API_RATE_LIMIT_BATCH = env_int("DJANGO_API_RATE_LIMIT_BATCH", 10)

# Content-Security-Policy (django-csp): only the portal's own scripts and styles.
CONTENT_SECURITY_POLICY = {
    # JSON answers render nothing; every page and error page has the policy.
    "EXCLUDE_URL_PREFIXES": ["/api/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Business settings (keep easy to change: see docs/DOMAIN.md).
FORECAST_DEADLINE_MONTH = 8
FORECAST_DEADLINE_DAY = 1
# Days before a deadline (the campaign's, or a returned forecast's correction deadline)
# on which `manage.py send_reminders` e-mails the employer; each is sent once.
FORECAST_REMINDER_DAYS = (14, 3)
# The correction deadline a reviewer is offered when returning a forecast.
FORECAST_CORRECTION_DAYS = env_int("DJANGO_FORECAST_CORRECTION_DAYS", 14)
# How long a link inviting a colleague to an employer's account stays valid.
EMPLOYER_INVITATION_DAYS = env_int("DJANGO_EMPLOYER_INVITATION_DAYS", 7)


# DMX's contact for labour-migration questions, on the help page and the deadline notes.
DMX_CONTACT_PHONE = env_str("DJANGO_DMX_CONTACT_PHONE", "919")
DMX_CONTACT_EMAIL = env_str("DJANGO_DMX_CONTACT_EMAIL", "info@migration.gov.az")

# Citizenship on forecast lines: ISO 3166 plus stateless persons, every name from CLDR
# in the visitor's language (classification/countries.py), not django-countries' English.
COUNTRIES_OVERRIDE = {**cldr_overrides(), "XX": _("Vətəndaşlığı olmayan şəxs")}
COUNTRIES_FIRST = ["XX"]
