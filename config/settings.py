"""Broadsheet settings, read from the environment with safe local defaults.

Production sets at least SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL; see README.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BROADSHEET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key() -> str:
    """A random key kept in var/, so a local install without SECRET_KEY is never guessable."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "config.apps.BroadsheetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Django's own widget templates, for the TemplatesSetting form renderer below.
    "django.forms",
    "csp",
    "taggit",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "blog",
    "comments",
    "affiliates",
    "media_library",
    "newsroom",
    "search",
    "pages",
    "wordpress",
    "accounts",
    "subscriptions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before everything else that works per request: a cached page is stored with the
    # headers set below it (CSP, Permissions-Policy…) and costs no session, user or database
    # work. The CSP has no nonces, so a stored page stays valid.
    "blog.caching.PageCacheMiddleware",
    "config.middleware.CSPMiddleware",  # django-csp's, with the policy built once
    "config.middleware.PermissionsPolicyMiddleware",
    "config.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Pages and old addresses answer only where nothing else did (and short links).
    "pages.middleware.SitePathMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "blog.context_processors.site",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so templates/ can correct a widget of Django's (the
# admin's split date/time labels its two inputs: templates/admin/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while one writer writes; IMMEDIATE transactions plus a busy
    # timeout make concurrent writers queue instead of failing with "database is locked".
    # Connections persist (CONN_MAX_AGE) as on PostgreSQL: opening one runs the PRAGMAs and
    # closing the last one checkpoints the WAL, together most of a cheap page's time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, so live-server tests with real threads share one database; one
    # per test process, so two runs in one checkout do not wreck each other's database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "broadsheet")
if REDIS_URL:
    # A Redis outage degrades to "no cache" (logged) instead of failing requests; short
    # timeouts keep a hung server from hanging the site. See blog/cache_backends.py.
    _redis = {
        "BACKEND": "blog.cache_backends.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": CACHE_KEY_PREFIX, "TIMEOUT": 300},
        "pages": {**_redis, "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-pages", "TIMEOUT": 3600},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "broadsheet",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "broadsheet-pages",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# The page cache (blog/caching.py): whole public pages for anonymous readers, refreshed by
# dependency when what they show changes. PAGE_CACHE=0 turns the store off (headers stay).
PAGE_CACHE = {
    "ENABLED": env_bool("PAGE_CACHE", default=True),
    # Seconds a stored page may live at most; changes refresh it sooner.
    "TIMEOUT": int(os.environ.get("PAGE_CACHE_TIMEOUT", "3600")),
    # Seconds a worker trusts what it last read of the shared cache's epoch, so a hit costs
    # no round trip to Redis; a change made by another worker shows after at most this long.
    "LOCAL_SECONDS": float(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", "0.5")),
    # Fragments (an article's body, its comment thread) kept like pages, so a render redoes
    # only what changed; on even with PAGE_CACHE=0. PAGE_FRAGMENTS=0 turns them off.
    "FRAGMENTS": env_bool("PAGE_FRAGMENTS", default=True),
    # Cache-Control for anonymous readers: browsers, then shared caches (CDNs).
    "MAX_AGE": int(os.environ.get("HTTP_CACHE_MAX_AGE", "60")),
    "S_MAXAGE": int(os.environ.get("HTTP_CACHE_S_MAXAGE", "300")),
    "STALE_WHILE_REVALIDATE": int(os.environ.get("HTTP_CACHE_STALE_WHILE_REVALIDATE", "60")),
    # X-Accel-Expires: how long the nginx micro-cache in deploy/ keeps a page (0: not sent).
    "PROXY_SECONDS": int(os.environ.get("HTTP_CACHE_PROXY_SECONDS", "1")),
    # Cookies that do not make a request personal; any other cookie bypasses the cache.
    "SHARED_COOKIES": env_list("PAGE_CACHE_SHARED_COOKIES", "csrftoken"),
    # Local-memory cache only: replaced on every change so other processes forget their pages.
    "EPOCH_FILE": Path(os.environ.get("PAGE_CACHE_EPOCH_FILE", VAR_DIR / "page-cache.epoch")),
}

# Logins (accounts/): django-axes throttles failures, django-otp adds TOTP two-factor.
# axes' backend comes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# One account from one address: 10 failures lock it out there for the cool-off period.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Failed attempts are kept (for the lockout and the owner); successful logins are not logged.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# And one address, over all accounts, per cool-off period (counted in the cache).
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "50"))
OTP_TOTP_ISSUER = os.environ.get("SITE_NAME", "Broadsheet")
# The device admin never shows a staff member's secret (only they see it, when setting up).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Uploads are served from MEDIA_URL: "/media/" on this site, or an absolute URL on a media
# host (a CDN or a cookie-less domain), e.g. "https://media.example.com/". Images in article
# text must come from here, and the Content-Security-Policy allows images from its origin.
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
if not MEDIA_URL.endswith("/"):
    raise ImproperlyConfigured("MEDIA_URL must end with a slash.")
_media = urlsplit(MEDIA_URL)
if _media.netloc and _media.scheme not in ("http", "https"):
    raise ImproperlyConfigured("An absolute MEDIA_URL must be an http(s) URL.")
MEDIA_ORIGIN = f"{_media.scheme}://{_media.netloc}" if _media.netloc else ""
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Static files: `collectstatic` always writes hashed, gzip- and Brotli-compressed copies and a
# manifest (config/staticfiles.py); until it has run (a fresh checkout, tests), pages use the
# plain names and WhiteNoise serves them from the source folders.
_collected = (STATIC_ROOT / "staticfiles.json").exists()
if not _collected:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.staticfiles.StaticStorage"},
}
WHITENOISE_USE_FINDERS = not _collected


def _static_headers(headers, path: str, url: str) -> None:
    """Hashed files never change: a year's caching, marked immutable (WhiteNoise's hook)."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "public, max-age=31536000, immutable"


WHITENOISE_ADD_HEADERS_FUNCTION = _static_headers

# Uploads: images are re-checked by Pillow; keep request bodies modest.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Security. HTTPS=1 says the site is served over TLS: it turns on the redirect, secure
# cookies and HSTS together (all of which `check --deploy` expects in production).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", default=True)
if env_bool("USE_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp) on every response, public and admin. No inline script
# anywhere (every script is a file under 'self'; JSON-LD is a data block, not a script), no
# nonces (whole pages can be cached), no framing, images only from the site, its media host
# and data: URLs (the admin's icons); styles only from files (no style="" attributes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "media-src": [SELF, *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "worker-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "manifest-src": [SELF],
        "upgrade-insecure-requests": HTTPS,
    }
}
# Permissions-Policy (config/middleware.py): the site uses none of these browser features,
# so no page, and nothing embedded in one, may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
}  # fmt: skip

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Broadsheet <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

TAGGIT_CASE_INSENSITIVE = True

# Broadsheet's own settings.
BROADSHEET = {
    "SITE_NAME": os.environ.get("SITE_NAME", "Broadsheet"),
    "SITE_TAGLINE": os.environ.get("SITE_TAGLINE", "Commentary and analysis"),
    # Used for absolute URLs where no request is at hand (feeds use the request).
    "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:8000"),
    "ARTICLES_PER_PAGE": int(os.environ.get("ARTICLES_PER_PAGE", "10")),
    "IMAGE_RENDITION_WIDTHS": (480, 800, 1200, 1600),
    "MAX_IMAGE_UPLOAD_BYTES": 10 * 1024 * 1024,
    "MAX_IMAGE_PIXELS": 40_000_000,
}

# Search: PostgreSQL's text search configuration for the site's language ("english",
# "german", "french", "simple"…); on SQLite, English gets the Porter stemmer, others none.
SEARCH_LANGUAGE = os.environ.get("SEARCH_LANGUAGE", "english")

# The client's address (config/clientip.py) for comments, affiliate clicks and the login
# throttle. X-Forwarded-For is ignored unless the proxies in front of Django are declared,
# either as how many there are or as their addresses/networks (not both). The COMMENTS_…
# names are the older spelling of the same variables.
CLIENT_IP = {
    "TRUSTED_PROXY_COUNT": int(
        os.environ.get("TRUSTED_PROXY_COUNT")
        or os.environ.get("COMMENTS_TRUSTED_PROXY_COUNT")
        or "0"
    ),
    "TRUSTED_PROXIES": env_list("TRUSTED_PROXIES", os.environ.get("COMMENTS_TRUSTED_PROXIES", "")),
}

# WordPress exports uploaded in the admin wait here (private; not under MEDIA_ROOT) between
# the dry run and the confirmation.
WORDPRESS_IMPORT_DIR = Path(os.environ.get("WORDPRESS_IMPORT_DIR", VAR_DIR / "wordpress-imports"))

# Comments: deployment knobs; the moderation rules are edited by the owner in the admin.
COMMENTS = {
    # Reply notifications to one email address per day, at most.
    "REPLY_EMAILS_PER_DAY": int(os.environ.get("COMMENTS_REPLY_EMAILS_PER_DAY", "5")),
    # Top-level threads on one article page; older ones are behind "Older comments".
    "THREADS_PER_PAGE": int(os.environ.get("COMMENTS_THREADS_PER_PAGE", "100")),
}

# Paths crawlers are asked to leave alone (robots.txt); apps add theirs here.
ROBOTS_DISALLOW = ["/admin/", "/preview/", "/go/", "/search/", "/follow/"]

# Affiliate links (affiliates/conf.py lists every key and its default).
AFFILIATES = {
    "HEALTH_CHECK_TIMEOUT": float(os.environ.get("AFFILIATES_HEALTH_CHECK_TIMEOUT", "10")),
    "HEALTH_CHECK_WORKERS": int(os.environ.get("AFFILIATES_HEALTH_CHECK_WORKERS", "4")),
}
