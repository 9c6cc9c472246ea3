"""Settings for the community co-production groups site.

One module for every environment: what differs between a laptop, CI and production comes from
environment variables prefixed ``DJANGO_`` (plus ``DATABASE_URL``). ``.env.example`` lists them.
Debug is off unless ``DJANGO_DEBUG=1``; with debug off the site refuses to start without a secret
key and allowed hosts.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from oig_site.core.storage import object_storage_from_env, storage_backends

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: set it to a long random string, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-local-development-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set: give the site's host names, separated by commas."
    )

SITE_NAME = env("DJANGO_SITE_NAME", "Co-production Groups")
SITE_CONTACT_EMAIL = env("DJANGO_SITE_CONTACT_EMAIL", "hello@coproduction-groups.example")
SITE_CONTACT_PHONE = env("DJANGO_SITE_CONTACT_PHONE", "")
# Closed enquiries from the contact and get-involved forms are deleted this many months after
# their last change (by the purge_personal_data command, run from cron).
ENQUIRY_RETENTION_MONTHS = int(env("DJANGO_ENQUIRY_RETENTION_MONTHS", "12"))
# The site's public address, for links in e-mails sent outside a web request (newsletters).
SITE_URL = env("DJANGO_SITE_URL", "http://127.0.0.1:8000")
# Days after an event ends before its sign-ups (names, contact details, access needs) are deleted.
SIGNUP_RETENTION_DAYS = int(env("DJANGO_SIGNUP_RETENTION_DAYS", "30"))
if SIGNUP_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("DJANGO_SIGNUP_RETENTION_DAYS cannot be negative.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_prose_editor",
    "axes",
    "csp",
    "reversion",
    "reversion_compare",
    "oig_site",
    "groups",
    "activities",
    "newsletters",
    "enquiries",
    "asks",
    # Last, as its documentation asks: removes replaced and deleted uploads once saved.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag for every page, and 304 Not Modified when the browser already has it (pages from
    # the page cache too, which is why this comes before it).
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous visitors' pages from the cache (oig_site/core/pagecache.py): before everything
    # below, so a cached page skips it all and is kept compressed with its headers.
    "oig_site.core.pagecache.PageCacheMiddleware",
    # HTML compressed with gzip. Since Django 4.2 GZipMiddleware mitigates BREACH by adding
    # random bytes to each compressed response ("Heal the Breach"), and Django masks its CSRF
    # tokens per response; the pages kept in the page cache hold no secret at all.
    "django.middleware.gzip.GZipMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "oig_site.core.middleware.ContentSecurityPolicyMiddleware",
    # Django's, without Vary: Cookie for visitors who bring no session.
    "oig_site.core.middleware.SessionMiddleware",
    "oig_site.core.middleware.RejectNullBytesMiddleware",
    "oig_site.core.middleware.OutOfRangeIsBadRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns locked-out sign-ins into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Everyone who signs in is an editor: "Log in" links (such as the one after setting a password)
# go to the admin's sign-in page.
LOGIN_URL = "admin:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in guessing: after 5 failures for one username from one address, that pair is locked out
# for an hour (other people, and the same person elsewhere, can still sign in).
AXES_FAILURE_LIMIT = int(env("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("DJANGO_LOGIN_LOCKOUT_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# Lock-outs use the same visitor address as the form throttles (see TRUSTED_PROXIES), and a
# username is cut to the 255 characters axes can store (a longer one is simply wrong).
AXES_CLIENT_IP_CALLABLE = "oig_site.core.clientip.client_ip"
AXES_USERNAME_CALLABLE = "oig_site.core.clientip.login_username"

# How many reverse proxies (nginx, Caddy, a load balancer) the site runs behind. Each one adds
# the address it saw to X-Forwarded-For; with N the visitor's address is the Nth entry from the
# right. 0 (the default) never trusts X-Forwarded-For: the address is REMOTE_ADDR.
try:
    TRUSTED_PROXIES = int(env("DJANGO_TRUSTED_PROXIES", "0"))
except ValueError:
    raise ImproperlyConfigured(
        "DJANGO_TRUSTED_PROXIES must be a whole number: how many proxies are in front of the site."
    ) from None
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXIES cannot be negative.")

ROOT_URLCONF = "oig_site.urls"
WSGI_APPLICATION = "oig_site.wsgi.application"

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
                "oig_site.context_processors.site",
            ],
        },
    },
]

# Database: an SQLite file under var/ unless DATABASE_URL says otherwise (any postgres:// URL).
DEFAULT_SQLITE_PATH = BASE_DIR / "var" / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH}",
        conn_max_age=int(env("DJANGO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] == str(DEFAULT_SQLITE_PATH):
        DEFAULT_SQLITE_PATH.parent.mkdir(exist_ok=True)
    # Fit for a web server: write-ahead log so readers never block the writer, wait for a lock
    # rather than fail with "database is locked", and take the write lock at the start of a
    # transaction so two writers cannot deadlock.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The site's own wording for a few of Django's messages: "e-mail", as everywhere on the site.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# Static files: hashed, compressed names served by whitenoise.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploads that only reach visitors through a view that checks them (members' story photos).
# Keep this outside MEDIA_ROOT and never serve it directly.
PRIVATE_MEDIA_ROOT = Path(env("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private-media")))
# Django serves uploads itself only in debug, unless told to (a small site on one server, tests).
# In production a web server serves MEDIA_ROOT at MEDIA_URL (see README).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)
# Uploads stay on this server unless DJANGO_S3_BUCKET and DJANGO_S3_PRIVATE_BUCKET name an
# S3-compatible object store for them (needed by several app servers; see .env.example).
OBJECT_STORAGE = object_storage_from_env()
STORAGES = storage_backends(static_manifest=not DEBUG, object_storage=OBJECT_STORAGE)
# Uploads larger than this are written to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# The page cache (below) keeps pages here: local memory in each process unless
# DJANGO_CACHE_URL=redis://... shares it between processes and servers (do that in production,
# with Redis's maxmemory-policy allkeys-lru). The form throttles and sign-in lock-outs are kept in
# the database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("DJANGO_CACHE_URL"):
    CACHES["default"] = {
        # Django's Redis backend, reusing its Redis client (see oig_site/core/cache.py).
        "BACKEND": "oig_site.core.cache.RedisCache",
        "LOCATION": env("DJANGO_CACHE_URL"),
    }

# The page cache for anonymous visitors (oig_site/core/pagecache.py): how long a page is kept
# (0 turns the cache off), how long browsers and proxies may keep a public page, the largest
# page kept, and the query parameters the site's pages read (any other parameter makes the page
# afresh, never stored).
PAGE_CACHE_SECONDS = int(env("DJANGO_PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_MAX_AGE = int(env("DJANGO_PAGE_CACHE_MAX_AGE", "60"))
PAGE_CACHE_MAX_BYTES = int(env("DJANGO_PAGE_CACHE_MAX_BYTES", str(1024 * 1024)))
PAGE_CACHE_MAX_VALUE_LENGTH = 200
PAGE_CACHE_QUERY_PARAMETERS = frozenset(
    {
        *("page", "after", "before", "p"),  # numbered pages, cursor pages, sitemap files
        *("q", "topic", "area", "kind", "year", "group", "newsletter", "start", "end"),
    }
)
PAGE_CACHE_SKIP_PATHS = ("/admin/", "/reset/")

# Work done after the response (the password reset e-mail) runs in a thread of its own; the tests
# turn this off to run it in step (see oig_site/core/background.py).
BACKGROUND_THREADS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# HTTPS: on by default in production; DJANGO_HTTPS=0 serves plain HTTP (private network, tests).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Joining the browsers' HSTS preload list is a decision for whoever owns the domain, so it is
# off unless DJANGO_HSTS_PRELOAD=1; the deployment check would otherwise warn about it.
SILENCED_SYSTEM_CHECKS = [] if env_bool("DJANGO_HSTS_PRELOAD", False) else ["security.W021"]

# Content-Security-Policy (django-csp, see oig_site/core/middleware.py). Public pages: no inline
# script or style, nothing from other sites, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": [
            "'self'",
            "data:",
            *([OBJECT_STORAGE.public_origin()] if OBJECT_STORAGE else []),
        ],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The admin: scripts only from the site (plus the rich-text editor's import map, allowed by its
# hash in the middleware); inline styles, which the admin, its history pages and the editor
# use; the e-mail preview shows in a sandboxed frame of the same page.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "frame-src": ["'self'"],
    }
}
# Permissions-Policy (django-permissions-policy): the site uses none of these browser features,
# so no page (nor anything framed in one) may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# E-mail: printed to the console in debug, sent over SMTP otherwise.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "sent-emails"))
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# Seconds to wait for the mail server before giving up (the e-mail is retried later).
EMAIL_TIMEOUT = int(env("DJANGO_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", f"{SITE_NAME} <{SITE_CONTACT_EMAIL}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# These go into e-mail headers (subjects, From), where a line break would add headers of its own.
for _variable, _value in {
    "DJANGO_SITE_NAME": SITE_NAME,
    "DJANGO_SITE_CONTACT_EMAIL": SITE_CONTACT_EMAIL,
    "DJANGO_DEFAULT_FROM_EMAIL": DEFAULT_FROM_EMAIL,
    "DJANGO_SITE_URL": SITE_URL,
}.items():
    if len(f"{_value}.".splitlines()) > 1:
        raise ImproperlyConfigured(f"{_variable} must be on one line: remove the line breaks.")
ADMINS = [("Site administrators", address) for address in env_list("DJANGO_ADMINS")]

# Errors are e-mailed to ADMINS (in production), at most DJANGO_ERROR_EMAILS_PER_HOUR an hour
# per server process and each kind of error once an hour, so that nobody can flood the
# administrators. Requests with a Host header the site does not serve are refused (400) and
# logged in one line, never e-mailed.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "without_traceback": {"()": "oig_site.core.log.WithoutTraceback"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_brief": {"class": "logging.StreamHandler", "filters": ["without_traceback"]},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "oig_site.core.log.RateLimitedAdminEmailHandler",
            "limit": int(env("DJANGO_ERROR_EMAILS_PER_HOUR", "10")),
            "window_seconds": 3600,
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.security.DisallowedHost": {
            "handlers": ["console_brief"],
            "level": "WARNING",
            "propagate": False,
        },
        "axes": {"level": env("DJANGO_AXES_LOG_LEVEL", "WARNING")},
    },
}

# Rich text edited in the admin: what the editor offers is exactly what the sanitiser keeps.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "HardBreak": True,
    "History": True,
    # The editor turns the browser's spelling check off unless told not to: coordinators want it.
    "NoSpellCheck": False,
}
