"""Settings shared by every environment, production-safe by default: DEBUG off, secure cookies,
every secret and deployment-specific value read from the environment."""

import os
import zoneinfo
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from pages import identity

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default):
    """A yes/no environment variable: "1", "true", "yes" or "on" mean yes."""
    value = os.environ.get(name, "").strip().lower()
    return value in {"1", "true", "yes", "on"} if value else default


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The organisation's name where the database cannot give it: the first value of Settings ›
# Site settings in a fresh database, and the plain 400 and 500 pages (pages/identity.py).
# Everywhere else the name is the one in Site settings.
ORGANISATION_NAME = os.environ.get("ORGANISATION_NAME", "").strip() or "Your organisation"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "pages",
    "guides",
    "analytics",
    # One app a cross-cutting feature, each with its models, hooks, templates and tests.
    "page_cache",
    "accounts",
    "machine_readable",
    "search",
    "worker",
    # Settings, URLs, WSGI and the HTTP stack's middleware; its migrations make the cache tables.
    "truvisory",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: believe X-Forwarded-For and X-Forwarded-Proto only from TRUSTED_PROXIES, so that
    # everything below reads the visitor's address and scheme (truvisory/proxies.py).
    "truvisory.proxies.TrustedProxyMiddleware",
    # Before the page cache, so that cached answers get a request id and a log line too.
    "truvisory.request_log.RequestLogMiddleware",
    # Outside the page cache: HSTS and the https redirect are decided for each request.
    # http://host/guides goes straight to https://host/guides/, in one redirect.
    "truvisory.https_redirect.HttpsWithSlashMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The analytics' beacons are answered here, needing nothing below, not even a QueryDict
    # of their body (analytics/middleware.py).
    "analytics.middleware.CollectorMiddleware",
    # A form post whose body cannot be read (a charset other than UTF-8, a malformed body)
    # gets the plain 400 here, before the CSRF check or any view reads it
    # (truvisory/request_body.py).
    "truvisory.request_body.FormBodyMiddleware",
    # Static files are answered here, before the page cache, which they never touch.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached page is answered here, before any middleware below runs (page_cache/).
    "page_cache.middleware.PageCacheMiddleware",
    # Inside the page cache: their headers are stored with the page and replayed with it, and
    # a page that used a CSP nonce is marked private before the page cache decides to keep it.
    "truvisory.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a user who entered a one-time code this session; then asks the others for one.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Remembers the pages that rich text links to for one request (pages/richtext.py).
    "pages.richtext.PageLinksMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "truvisory.urls"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the zero-setup default; DATABASE_URL selects PostgreSQL (psycopg 3).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # `make run`: autosave, preview and the task runner write while pages are read. With a
    # write-ahead log readers never wait for a writer; a write transaction takes the write
    # lock when it begins (so it waits its turn instead of failing half-way with "database
    # is locked"), and waits up to 20 s for it.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Two caches, each shared by every worker and node: "default" (rate-limit counters, Wagtail's
# own look-ups) and "pages", the page cache (page_cache/). Redis when REDIS_URL is
# set; otherwise tables in the site's database, made by `migrate` (truvisory/migrations), so
# that production never keeps a cache per process. dev and test use local memory without
# Redis. A Redis outage must never take pages down, so django-redis swallows (and logs)
# connection errors.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TABLES = {"default": "truvisory_cache", "pages": "truvisory_page_cache"}


def redis_cache(key_prefix, ignore_exceptions=True):
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            "IGNORE_EXCEPTIONS": ignore_exceptions,
        },
    }


if REDIS_URL:
    CACHES = {
        "default": redis_cache("truvisory"),
        # The page cache sees its own errors: it then renders afresh, and logs and counts a
        # failed write (page_cache/cache.py).
        "pages": redis_cache("truvisory-pages", ignore_exceptions=False),
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # Django's default of 300 entries would cull the page cache and the rate-limit counters
    # long before they expire.
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
        for alias, table in CACHE_TABLES.items()
    }

# The page cache (docs/architecture.md states its whole rule). Pages are kept
# until content changes or a new release answers, up to PAGE_CACHE_SECONDS. A release is
# told from its code, dependencies and static manifest by itself (page_cache/
# release.py); RELEASE, when set, is added to that, to start a new one where they are the same.
RELEASE = os.environ.get("RELEASE", "").strip()
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
# How long a process trusts the content version it read from the database (in seconds),
# when the cache's change hint cannot tell it sooner (Redis paused, restarted or down).
PAGE_CACHE_VERSION_SECONDS = 1.0
PAGE_CACHE_EXCLUDED_PATHS = ["/search/", "/healthz", "/readyz", "/social/"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's defaults stand: LANGUAGE_CODE "en-us" (the copy is US English), USE_I18N, USE_TZ.
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names plus gzip and brotli copies; whitenoise serves them as immutable.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

# Cookies and transport: secure unless an environment explicitly relaxes them. Django's
# defaults already make the session cookie HttpOnly and SameSite=Lax.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# The contact form's (and the admin's) CSRF cookie lasts for the browser session, not
# Django's default year: it only has to outlive a form being filled in, and the privacy page
# says so. A post whose cookie has gone gets the CSRF page, with the message given back.
CSRF_COOKIE_AGE = None
# Django's defaults already send nosniff, Cross-Origin-Opener-Policy: same-origin and
# X-Frame-Options: DENY.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Content-Security-Policy (django-csp; see truvisory/csp.py). No inline script ever
# runs on a public page: one that needs to be inline gets {{ request.csp_nonce }}.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin's own policy, the public one widened: it runs inline scripts and styles,
# shows avatars and embed previews from other hosts, and frames its own preview.
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "font-src": [SELF, "data:"],
    "frame-src": [SELF, "https:"],
    "media-src": [SELF, "blob:"],
    "worker-src": [SELF, "blob:"],
}
# Permissions-Policy (django-permissions-policy): the site uses none of these features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
}

# Failed admin logins (django-axes): after AXES_FAILURE_LIMIT failures for one user name
# from one address (an IPv6 /64 counts as one), that pair is paused for AXES_COOLOFF_TIME.
# After AXES_LOCK_AFTER_PAUSES pauses within AXES_LOCK_PERIOD it is locked for
# AXES_LOCK_PERIOD, or until an administrator unlocks it
# (accounts.sign_in_locks.EscalatingLockHandler).
# Attempts are counted in the database, so every web node sees the same count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "accounts.sign_in_locks.EscalatingLockHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCK_AFTER_PAUSES = int(os.environ.get("AXES_LOCK_AFTER_PAUSES", "3"))
AXES_LOCK_PERIOD = timedelta(hours=int(os.environ.get("AXES_LOCK_HOURS", "24")))
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Refused attempts during a pause neither count nor restart it: each pause is one failure
# log row marked locked_out, which is what the lock counts.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.sign_in_locks.login_locked_out"
# The visitor's network as the contact form's rate limit counts it (TRUSTED_PROXIES): the
# IPv4 address, or the IPv6 /64, so that the addresses of one /64 share a count.
AXES_CLIENT_IP_CALLABLE = "pages.ratelimit.client_network"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work: django-tasks, the backport of Django 6's django.tasks (on Django 6 the
# imports become `django.tasks`), with its database backend, so the queue lives in
# PostgreSQL beside everything else. Notification and password-reset mail, link checks,
# CDN purges and Wagtail's own search and reference indexing are queued here and run by
# `python manage.py db_worker`. Our tasks live in each app's tasks.py. dev.py and test.py
# run tasks at once, in-process.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Our `db_worker` (worker/worker.py) rides out a database restart, and beats every
# 5 seconds. A task left running longer than TASK_LEASE_SECONDS by a worker whose
# heartbeat stopped as long ago goes back to the queue; the lease must exceed the longest
# task (a mail send: EMAIL_TIMEOUT per step). /readyz wants a heartbeat within the lease.
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", "300"))

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
# The address every email comes from; its display name is the organisation's, from Site
# settings (pages/identity.py). Unset: website@ the host of SITE_URL.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "website@" + (
    urlsplit(os.environ.get("SITE_URL", "")).hostname or "localhost"
)

# The contact form. Its notification goes to CONTACT_NOTIFY_EMAIL (comma-separated),
# or else to the contact email in the site settings.
CONTACT_NOTIFY_EMAIL = os.environ.get("CONTACT_NOTIFY_EMAIL", "")
# At most this many lead notifications a clock hour; later leads that hour are stored, their
# emails held, and the team gets one digest at the end of the hour (pages/notifications.py).
CONTACT_NOTIFY_PER_HOUR = int(os.environ.get("CONTACT_NOTIFY_PER_HOUR", "30"))
CONTACT_MIN_FILL_SECONDS = 3  # a post sooner than this after the form was shown is a bot
# A form shown longer ago than this has expired: it comes back, filled in, to be sent again.
CONTACT_FORM_MAX_AGE = 60 * 60
# A post larger than this gets a 413 page before its body is read. The largest message
# (5,000 characters of four-byte UTF-8, percent-encoded) with every other field at its
# maximum comes to about 66 KB.
CONTACT_MAX_BODY_BYTES = 100 * 1024
CONTACT_RATE_LIMIT = 5  # posts per network (an IPv4 address, an IPv6 /64) per window
CONTACT_RATE_WINDOW = 60 * 60
# The addresses or networks of the proxies in front of the app (load balancer, CDN), e.g.
# "10.0.0.0/8". X-Forwarded-For and X-Forwarded-Proto are believed only from them; from
# anyone else they are dropped (truvisory/proxies.py). This one setting decides the address
# seen by the contact form's rate limit, the sign-in lockout and the logs, and the scheme.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# A friendly 403 that gives a visitor back the message the failed post carried.
CSRF_FAILURE_VIEW = "pages.views.csrf_failure"

# Two-factor sign-in to the admin (accounts/two_factor.py): each user can turn it on from
# their account page. With ADMIN_2FA_REQUIRED, every admin user must set it up first.
ADMIN_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = identity.totp_issuer  # the organisation's name, from Site settings

# The admin's password reset queues its email (accounts/password_reset.py), at most
# PASSWORD_RESET_LIMIT for one address per PASSWORD_RESET_WINDOW seconds, and takes at most
# PASSWORD_RESET_CLIENT_LIMIT requests from one network (an IPv4 address, an IPv6 /64).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.password_reset.PasswordResetForm"  # noqa: S105
PASSWORD_RESET_LIMIT = 3
PASSWORD_RESET_CLIENT_LIMIT = 10
PASSWORD_RESET_WINDOW = 60 * 60

# Where `manage.py ensure_local_admin` keeps the local admin's login (development only).
LOCAL_ADMIN_FILE = BASE_DIR / ".local-admin.txt"

# The admin's URL path; change it to keep automated login attempts off the usual address.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin").strip("/") or "admin"

# The canonical base of every absolute URL (pages/site_url.py): migrate and the seed loader
# make the default Site's hostname and port match it. Unset, the Site is left as it is.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")

# IndexNow (page_cache/indexnow.py): with INDEXNOW_KEY set, the site serves /<key>.txt and the
# task worker posts the URLs each committed change touched (the CDN purge's) to
# INDEXNOW_ENDPOINT. Unset, nothing is served, queued or sent.
INDEXNOW_KEY = os.environ.get("INDEXNOW_KEY", "").strip()
INDEXNOW_ENDPOINT = (
    os.environ.get("INDEXNOW_ENDPOINT", "").strip() or "https://api.indexnow.org/indexnow"
)
INDEXNOW_TIMEOUT = 10  # seconds to connect, and for each read of the answer
INDEXNOW_BATCH_SIZE = 10_000  # URLs in one post: the protocol's limit
# A post without an answer, or answered 429 or 5xx, is tried again after 1, 2 and 4 minutes,
# then given up: at most INDEXNOW_ATTEMPTS posts in all.
INDEXNOW_ATTEMPTS = 4
INDEXNOW_BACKOFF_SECONDS = 60

WAGTAIL_SITE_NAME = identity.site_name  # the organisation's name, from Site settings
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = identity.sender  # that name at DEFAULT_FROM_EMAIL
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or SITE_URL or "http://localhost"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Every zone Python finds, less Debian's "localtime": a file, not a zone name, which makes
# browsers throw on the account page's time-zone menu.
WAGTAIL_USER_TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})
# No Gravatar: it would tell a third party which editors use the admin, and when.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# JSON lines on stdout, each with the request id of the request that wrote it
# (truvisory/request_log.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "truvisory.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Search indexing runs as a background task; its per-object lines are noise.
    # django-axes logs every step at INFO; its failures and lockouts are warnings.
    "loggers": {"django_tasks": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
