"""Settings from the environment (12-factor).

DATABASE_URL   default sqlite:///<repo>/var/tochuc.sqlite3 (WAL mode); postgresql://... in production
SECRET_KEY     default: generated once into var/secret_key (never committed)
REDIS_URL      optional: cache (and live counters) in Redis; local memory otherwise
DEBUG          "1" to turn on Django's debug pages (never in production)
ALLOWED_HOSTS  comma-separated, default "127.0.0.1,localhost"
TOCHUC_VAR_DIR where the SQLite file, the secret key and uploads live (default <repo>/var)
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("TOCHUC_VAR_DIR", REPO_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use SECRET_KEY when set; otherwise keep one generated key in var/ so sessions survive restarts."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tochuc.core",
    "tochuc.accounts",
    "tochuc.orgs",
    "tochuc.members",
    "tochuc.reports",
    "tochuc.recruitment",
    "tochuc.enterprises",
    "tochuc.cadres",
    "tochuc.congresses",
    "tochuc.protection",
    "tochuc.ratings",
    "tochuc.awards",
    "tochuc.proposals",
    "tochuc.portal",
    "tochuc.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above PublicPageMiddleware, so that the portal's cached pages get the headers too (docs/deploy.md).
    "csp.middleware.CSPMiddleware",
    "tochuc.core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and everything else: serves the public portal's cached pages to anonymous visitors.
    "tochuc.portal.middleware.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tochuc.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor: marks request.user verified once a TOTP code was entered; TwoFactorMiddleware then holds a
    # user who still owes a code (or an administrator who has no device yet) to the code or enrolment page.
    "django_otp.middleware.OTPMiddleware",
    "tochuc.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tochuc.core.middleware.RejectNulMiddleware",
    "tochuc.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tochuc.urls"
WSGI_APPLICATION = "tochuc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tochuc.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tochuc.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept (CONN_MAX_AGE, 60 s) as on PostgreSQL: a new one costs ~1.5 ms a request, as SQLite
    # reads the schema again and runs the PRAGMAs below on every connection (bench/portal.py --conn-max-age 0).
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA cache_size=-65536;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# An office PC left unattended: the session ends after 8 hours, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = _env_bool("SECURE_COOKIES")

# django-axes: lock a username+IP pair out for 30 minutes after 5 failed logins.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor authentication (TOTP, RFC 6238; django-otp): required for administrators and superusers, optional
# for everyone else. 5 wrong codes within the lock-out time end the session and refuse codes until it passes.
TWO_FACTOR_REQUIRED_FOR_ADMINS = _env_bool("TWO_FACTOR_REQUIRED_FOR_ADMINS", True)
TWO_FACTOR_FAILURE_LIMIT = int(os.environ.get("TWO_FACTOR_FAILURE_LIMIT", "5"))
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "tochuc")

# --- Language, time, dates ------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tochuc.formats"]

# --- Static files (all served locally: the offices are often on closed networks) ------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Behind nginx (docs/deploy.md): the client's address comes in X-Real-IP and the scheme in X-Forwarded-Proto.
# Turn these on only when the app is reachable through the proxy alone.
TRUST_X_REAL_IP = _env_bool("TRUST_X_REAL_IP")
if _env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS (docs/deploy.md, "Security headers and deploy checks"). Behind the TLS proxy Django redirects plain
# HTTP itself too and browsers are told to use HTTPS only for a year; both are off in development, where the
# server speaks plain HTTP (SecurityMiddleware sends HSTS on HTTPS responses only anyway).
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", _env_bool("BEHIND_TLS_PROXY"))
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600 if _env_bool("BEHIND_TLS_PROXY") else 0))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a commitment (the domain is submitted to the browsers' built-in list, hard to undo): opt in.
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD")
# Checks that `check --deploy` and `tochuc check-deploy` may skip, comma-separated. By default only the
# preload suggestion (security.W021), for the reason above.
SILENCED_SYSTEM_CHECKS = [
    c.strip() for c in os.environ.get("SILENCED_SYSTEM_CHECKS", "security.W021").split(",") if c.strip()
]

# Content-Security-Policy (django-csp): no inline script or style anywhere, our own origin only. Templates keep
# their CSS and JS in static files; htmx is told not to inject its indicator <style> (base.html's htmx-config).
CONTENT_SECURITY_POLICY = {
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
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Public portal --------------------------------------------------------------------------------
PORTAL_SITE_NAME = os.environ.get("PORTAL_SITE_NAME", "")  # empty: "Cổng thông tin điện tử Ban Tổ chức Tỉnh ủy"
PORTAL_POLL_VOTES_PER_IP_HOUR = int(os.environ.get("PORTAL_POLL_VOTES_PER_IP_HOUR", "20"))
PORTAL_ONLINE_WINDOW_SECONDS = int(os.environ.get("PORTAL_ONLINE_WINDOW_SECONDS", "300"))
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "600"))
PORTAL_STATS_MAX_AGE_SECONDS = float(os.environ.get("PORTAL_STATS_MAX_AGE_SECONDS", "10"))
PORTAL_COUNTER_FLUSH_SECONDS = float(os.environ.get("PORTAL_COUNTER_FLUSH_SECONDS", "60"))
PORTAL_GENERATION_TTL = int(os.environ.get("PORTAL_GENERATION_TTL", "300"))
