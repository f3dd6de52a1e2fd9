"""Production-safe settings. dev.py and test.py loosen them; production.py insists on secrets."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local .env is a convenience for development; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default=None)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute links in emails, feeds and sitemaps are built on this, never on the request's host. Unset, it is where
# `make run` serves: the Makefile passes HOST and PORT as SERVE_URL.
BASE_URL = env("BASE_URL", default=env("SERVE_URL", default="http://127.0.0.1:8000")).rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAIL_SITE_NAME = env("SITE_NAME", default="Launchkit")

INSTALLED_APPS = [
    "ops",
    "home",
    "blog",
    "resources",
    "newsletter",
    "analytics",
    "outreach",
    "research",
    "distribution",
    "launch",
    "wagtailseo",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtailcache",
    "wagtail.contrib.sitemaps",
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
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "ops.health.HealthCheckMiddleware",
    # The client's address from TRUSTED_PROXY_COUNT, into REMOTE_ADDR, before anything reads it (ops/clientip.py).
    "ops.clientip.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ops.cache.CacheControlMiddleware",
    # The page cache (wagtail-cache): stores on the way out, serves right after the visitor is known (ops/cache.py).
    "wagtailcache.cache.UpdateCacheMiddleware",
    # Inside the page cache, so a stored page keeps the policy it was rendered with (ops/csp.py).
    "ops.csp.SecurityHeadersMiddleware",
    "analytics.middleware.CollectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wagtailcache.cache.FetchFromCacheMiddleware",
    "ops.cache.PublicPagesMiddleware",
    "ops.ratelimit.PasswordResetRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login that django-axes refused into the lockout page (AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
# A database that hangs must fail requests within seconds, not hold every worker: how long to wait for a connection,
# and for one statement or lock. The web entry point (config/wsgi.py) sets a statement timeout; management commands
# (migrations, the task worker sending a large campaign) have none unless DATABASE_STATEMENT_TIMEOUT is set.
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=3)
DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web process and the task worker share one file; a write lock held
    # elsewhere is waited for at most busy_timeout.
    busy_ms = int((DATABASE_STATEMENT_TIMEOUT or 10) * 1000)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busy_ms};",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    if DATABASE_STATEMENT_TIMEOUT:
        milliseconds = int(DATABASE_STATEMENT_TIMEOUT * 1000)
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"-c statement_timeout={milliseconds} -c lock_timeout={milliseconds}"
        )
# A connection per request costs more than a cached page view (and SQLite repeats its PRAGMAs each time).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# /healthz gives up on a database that accepts connections but never answers (frozen) after this many seconds.
HEALTHZ_DATABASE_TIMEOUT = env.float("HEALTHZ_DATABASE_TIMEOUT", default=1.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches: Redis when REDIS_URL is set, so every process shares pages, sessions and rate limits ----------------
# A cache outage must slow the site down, not take it down: Redis errors read as misses (IGNORE_EXCEPTIONS) and
# /healthz reports the cache as degraded.
REDIS_URL = env("REDIS_URL", default="")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", default="launchkit")
# Stored pages are kept apart per release, so that in a rolling deploy old processes never serve or refill the new
# release's pages with old templates. The Docker image sets it to the commit it was built from.
RELEASE = env("RELEASE", default="dev")
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)  # how long a stored page (and a CDN's copy) lives
# How long each process trusts a URL's header list (the `Vary` names); the page itself is always read.
PAGE_CACHE_HEADERS_SECONDS = env.int("PAGE_CACHE_HEADERS_SECONDS", default=60)
if REDIS_URL:
    REDIS_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True}
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": REDIS_OPTIONS,
        },
        "pages": {
            # django-redis, remembering each URL's header list per process (ops/page_caches.py): one read a hit.
            "BACKEND": "ops.page_caches.PagesRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-pages-{RELEASE}",
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "OPTIONS": REDIS_OPTIONS,
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        # Files, not each process's memory: a purge by the process that saw the edit (a web or the task worker
        # publishing on schedule) must reach every process on the machine. One file read a hit (ops/page_caches.py).
        "pages": {
            "BACKEND": "ops.page_caches.PagesFileCache",
            "LOCATION": env.path("PAGE_CACHE_DIR", default=VAR_DIR / "cache" / "pages"),
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_MAX_ENTRIES", default=3000)},
        },
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Full pages for anonymous visitors: wagtail-cache's middleware (ops/cache.py) ---------------------------------
# It stores only responses that say `Cache-Control: public` (every page, feeds, sitemaps): never personal pages.
# Edits purge exactly the pages that show what changed; PAGE_CACHE_SECONDS bounds anything without a signal.
WAGTAIL_CACHE = env.bool("PAGE_CACHE", default=True)
WAGTAIL_CACHE_BACKEND = "pages"
WAGTAIL_CACHE_HEADER = "X-Wagtail-Cache"
WAGTAIL_CACHE_KEYRING = True  # which keys belong to which URL, so one page can be purged
WAGTAIL_CACHE_IGNORE_COOKIES = True
# Parameters that never change a page: one cache entry with the plain URL. wagtail-cache's own list plus `ref`,
# joined into one pattern, which wagtail-cache matches against each parameter of every request.
TRACKING_PARAMETERS = [
    "utm_.*",
    "fbclid",
    "gclid",
    "gclsrc",
    "msclkid",
    "mc_.*",
    "ref",
    "_ga",
    "_gl",
    "fb_source",
    "hsa_.*",
    "mtm_.*",
    "matomo_.*",
    "trk_.*",
]
WAGTAIL_CACHE_IGNORE_QS = [rf"^(?:{'|'.join(TRACKING_PARAMETERS)})$"]
# Parameters that do change a page are cached per value, at most PAGE_CACHE_MAX_VARIANTS query strings per path;
# any other parameter makes the request uncacheable.
PAGE_CACHE_QUERY_PARAMS = ["page", "q", "category", "kind", "pricing", "tag", "sort", "p"]  # p: sitemap files
PAGE_CACHE_MAX_VARIANTS = env.int("PAGE_CACHE_MAX_VARIANTS", default=200)
# What public pages tell others: browsers revalidate (0), a CDN keeps them PAGE_CACHE_SECONDS and may serve a stale
# copy this long while it fetches a fresh one.
PAGE_BROWSER_SECONDS = env.int("PAGE_BROWSER_SECONDS", default=0)
PAGE_STALE_SECONDS = env.int("PAGE_STALE_SECONDS", default=60)
# A CDN in front: wagtail.contrib.frontend_cache purges it on publish. FRONTEND_CACHE_PURGE_URL is for an HTTP PURGE
# endpoint (Varnish, nginx); Cloudflare and CloudFront take their own variables.
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    }
if env("CLOUDFLARE_ZONEID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN", default=""),
        "ZONEID": env("CLOUDFLARE_ZONEID"),
    }
if env("CLOUDFRONT_DISTRIBUTION_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }

# --- Background tasks -----------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Email ------------------------------------------------------------------------
# With no EMAIL_URL, emails are written as files under var/mail/ so a new user can read them.
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Launchkit <hello@example.com>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# An email service provider through django-anymail: ESP=amazon_ses|postmark|mailgun|sendgrid|brevo (or any other
# anymail backend) plus ESP_API_KEY; every other ANYMAIL_* variable passes through (ANYMAIL_MAILGUN_API_URL=...).
# ESP wins over EMAIL_URL. Webhooks (bounces, complaints) check ANYMAIL_WEBHOOK_SECRET ("user:password").
ESP = env("ESP", default="").lower()
_ESP_KEY_NAMES = {
    "postmark": "POSTMARK_SERVER_TOKEN",
    "mailgun": "MAILGUN_API_KEY",
    "sendgrid": "SENDGRID_API_KEY",
    "brevo": "BREVO_API_KEY",
}
ANYMAIL = {name.removeprefix("ANYMAIL_"): value for name, value in env.ENVIRON.items() if name.startswith("ANYMAIL_")}
ANYMAIL.setdefault("WEBHOOK_SECRET", "")
if ESP:
    EMAIL_BACKEND = f"anymail.backends.{ESP}.EmailBackend"
    if ESP in _ESP_KEY_NAMES and env("ESP_API_KEY", default=""):
        ANYMAIL[_ESP_KEY_NAMES[ESP]] = env("ESP_API_KEY")
    if ESP == "mailgun":
        ANYMAIL.setdefault("MAILGUN_SENDER_DOMAIN", env("MAILGUN_SENDER_DOMAIN", default=""))
        ANYMAIL.setdefault("MAILGUN_WEBHOOK_SIGNING_KEY", env("MAILGUN_WEBHOOK_SIGNING_KEY", default=""))
    # Amazon SES takes its credentials from boto3's usual environment (AWS_ACCESS_KEY_ID, AWS_REGION, ...).

# --- Newsletter ------------------------------------------------------------------------
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", default="") or DEFAULT_FROM_EMAIL
NEWSLETTER_REPLY_TO = env("NEWSLETTER_REPLY_TO", default="")  # replies' address unless Settings → Newsletter has one
NEWSLETTER_UNSUBSCRIBE_MAILTO = env("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="")  # e.g. unsubscribe@example.com
NEWSLETTER_CONFIRM_MAX_AGE = env.int("NEWSLETTER_CONFIRM_MAX_AGE", default=48 * 3600)  # seconds a confirm link works
NEWSLETTER_RESEND_MINUTES = env.int("NEWSLETTER_RESEND_MINUTES", default=10)  # one confirmation email per N minutes
NEWSLETTER_STORE_IP_HASH = env.bool("NEWSLETTER_STORE_IP_HASH", default=False)  # keep a keyed hash of the IP
NEWSLETTER_MIN_FILL_SECONDS = env.float("NEWSLETTER_MIN_FILL_SECONDS", default=2.0)  # faster is a bot; 0: no check
NEWSLETTER_FORM_MAX_AGE = env.int("NEWSLETTER_FORM_MAX_AGE", default=2 * 3600)  # seconds a signup form's time lasts
# Signup rate limits (django-ratelimit: N/s, N/m, N/h, N/d; empty: none). Over the IP limit a signup gets 429; over
# the address limit it gets the usual thank-you and nothing is sent.
NEWSLETTER_RATE_PER_IP = env("NEWSLETTER_RATE_PER_IP", default="20/h")  # signups from one IP
NEWSLETTER_RATE_PER_ADDRESS = env("NEWSLETTER_RATE_PER_ADDRESS", default="5/h")  # signups for one address
NEWSLETTER_THROTTLE = env("NEWSLETTER_THROTTLE", default="20/s")  # sending rate across all workers: N/s or N/m
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)  # deliveries a worker claims at once
NEWSLETTER_WORKERS = env.int("NEWSLETTER_WORKERS", default=2)  # sending tasks started per issue
NEWSLETTER_LEASE_SECONDS = env.int("NEWSLETTER_LEASE_SECONDS", default=120)  # a claimed delivery's lease
NEWSLETTER_MAX_ATTEMPTS = env.int("NEWSLETTER_MAX_ATTEMPTS", default=5)  # transient failures before giving up
NEWSLETTER_RETRY_BASE_SECONDS = env.int("NEWSLETTER_RETRY_BASE_SECONDS", default=60)  # doubles each attempt
# Issue results: one reader's clicks on one link count once per N seconds (mail scanners, double taps); 0: all count.
NEWSLETTER_CLICK_DEDUPE_SECONDS = env.int("NEWSLETTER_CLICK_DEDUPE_SECONDS", default=60)
# An unsubscribe or bounce within N days after an issue arrived (and before the next) is credited to that issue.
NEWSLETTER_ATTRIBUTION_DAYS = env.int("NEWSLETTER_ATTRIBUTION_DAYS", default=7)

# --- Resources directory ------------------------------------------------------------------
# The link checker: seconds per request, requests at once, and failed checks in a row that flag a link as dead.
RESOURCES_LINK_CHECK_TIMEOUT = env.float("RESOURCES_LINK_CHECK_TIMEOUT", default=10.0)
RESOURCES_LINK_CHECK_WORKERS = env.int("RESOURCES_LINK_CHECK_WORKERS", default=8)
RESOURCES_DEAD_AFTER_FAILURES = env.int("RESOURCES_DEAD_AFTER_FAILURES", default=3)
# A suggestion sent sooner than this many seconds after the form was shown is treated as a bot.
RESOURCES_SUGGEST_MIN_SECONDS = env.float("RESOURCES_SUGGEST_MIN_SECONDS", default=3.0)

# --- Outreach (docs/outreach.md) -----------------------------------------------------------
OUTREACH_FOLLOW_UP_DAYS = env.int("OUTREACH_FOLLOW_UP_DAYS", default=5)  # days from writing to the follow-up
# Messages one editor may send from the site (one at a time), django-ratelimit style; the mail program has no limit.
OUTREACH_SEND_RATE = env("OUTREACH_SEND_RATE", default="20/h")
OUTREACH_FROM_EMAIL = env("OUTREACH_FROM_EMAIL", default="")  # From and Reply-To; empty: the editor's own address

# --- Rate limits (django-ratelimit, through ops/ratelimit.py) ------------------------------------------------
# Counted per client address (REMOTE_ADDR, see TRUSTED_PROXY_COUNT) in the default cache: Redis with REDIS_URL, so
# every process shares the counts; without it each process counts alone. A cache outage never blocks anyone.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
RESEARCH_ANSWER_RATE = env("RESEARCH_ANSWER_RATE", default="30/h")  # answers to the customer question from one IP
RESOURCES_SUGGEST_RATE = env("RESOURCES_SUGGEST_RATE", default="5/h")  # resource suggestions from one IP
# Directory downloads (CSV, JSON) rendered for one IP; the page cache serves the plain URLs without counting.
RESOURCES_EXPORT_RATE = env("RESOURCES_EXPORT_RATE", default="30/h")
ANALYTICS_COLLECT_RATE = env("ANALYTICS_COLLECT_RATE", default="120/m")  # analytics beacons from one IP; then 429
# Counted clicks from one IP (the directory's outbound links, the beacon's click events); beyond it they still work
# but are not counted. Each visitor's click on one target also counts once a day.
ANALYTICS_CLICK_RATE = env("ANALYTICS_CLICK_RATE", default="60/h")
# Admin password-reset requests (each sends an email), per IP and per submitted email address; then 429.
PASSWORD_RESET_RATE = env("PASSWORD_RESET_RATE", default="5/h")

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Small deployments without object storage let Django serve uploads.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
# Media on S3-compatible object storage (AWS S3, MinIO, Cloudflare R2, Scaleway...) when a bucket is named.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment, read by boto3 itself.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "location": env("AWS_LOCATION", default="media"),
            # Public media have stable URLs, which cached pages and CDNs need; signed URLs would expire inside them.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
            "default_acl": env("AWS_DEFAULT_ACL", default=None),
        },
    }
    SERVE_MEDIA = False

# --- Security (production-safe defaults; dev.py loosens them) --------------------
# The one proxy setting: how many proxies in front append to X-Forwarded-For (1 behind one load balancer or TLS proxy,
# 2 behind a CDN and a load balancer). REMOTE_ADDR is rewritten to the client's address from it (ops/clientip.py,
# django-xff), and X-Forwarded-Proto is trusted only behind a proxy. 0: no proxy, both headers ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT > 0 else None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
# Preloading is a per-domain commitment an operator opts into, so its absence is not worth a warning.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
# No script reads the CSRF cookie: forms carry the token (site.js posts the form's own field).
CSRF_COOKIE_HTTPONLY = True
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), "
    "browsing-topics=(), interest-cohort=()"
)


# Content-Security-Policy (django-csp). The public site runs only its own external scripts: no inline script.
# Extend it from the environment (CSP_EXTRA_SCRIPT_SRC, CSP_EXTRA_CONNECT_SRC, CSP_EXTRA_IMG_SRC, CSP_EXTRA_FRAME_SRC:
# comma-separated origins) or, in code, by appending to CONTENT_SECURITY_POLICY["DIRECTIVES"][...] in a settings
# module, e.g. for an analytics provider's script and beacon hosts.
def csp_origins(name):
    """Comma-separated origins from the environment; an empty variable adds nothing."""
    return [origin for origin in env.list(name, default=[]) if origin]


CSP_MEDIA_ORIGINS = [f"https://{env('AWS_S3_CUSTOM_DOMAIN')}"] if env("AWS_S3_CUSTOM_DOMAIN", default="") else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *csp_origins("CSP_EXTRA_SCRIPT_SRC")],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *CSP_MEDIA_ORIGINS, *csp_origins("CSP_EXTRA_IMG_SRC")],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *csp_origins("CSP_EXTRA_CONNECT_SRC")],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
            *csp_origins("CSP_EXTRA_FRAME_SRC"),
        ],
        "media-src": ["'self'", *CSP_MEDIA_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The admin (behind a login) gets its own allowances: Wagtail 7.4's date/time widgets and inline panels emit inline
# scripts with per-field ids (no stable hash, and their templates take no nonce), its editor uses inline styles and
# blob:/data: image previews. The public site's policy above stays strict.
ADMIN_PATHS = ["/admin/", "/django-admin/"]
# Callables (request) -> {directive: [origins]} that widen the public policy at run time, for settings editors
# change in the admin: the third-party analytics snippets.
CSP_DYNAMIC_SOURCES = ["analytics.csp.third_party_sources"]
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *CSP_MEDIA_ORIGINS, *csp_origins("CSP_EXTRA_IMG_SRC")],
        "frame-src": ["'self'", *CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]],
        "frame-ancestors": ["'self'"],
    }
}

# Admin logins (Wagtail's /admin/login/ and /django-admin/login/) through django-axes: AXES_FAILURE_LIMIT failed
# attempts for one username from one client address lock that pair out for AXES_COOLOFF_TIME (429, the 429.html
# page). A stranger elsewhere cannot lock the real admin out. Attempts live in the database, so a Redis outage
# changes nothing; `manage.py axes_reset` lifts every lock.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ops.clientip.remote_addr"  # REMOTE_ADDR, as TRUSTED_PROXY_COUNT decided it
AXES_LOCKOUT_CALLABLE = "ops.lockout.locked_out"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Wagtail ------------------------------------------------------------------------
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif", "svg"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEO_SEP = "·"
# No editor's email address goes to gravatar.com, and the admin needs no third-party image host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# A redirect from the old URL whenever an editor changes a slug or moves a page (Wagtail's default, made explicit).
WAGTAILREDIRECTS_AUTO_CREATE = True
# Staging and preview deployments: every page says noindex, the sitemap is empty and robots.txt disallows all.
SEO_NOINDEX = env.bool("SEO_NOINDEX", default=False)
# Font files (TrueType/OpenType paths, comma-separated) tried before the system fonts home/seo.py knows, for the
# social cards it draws.
SEO_CARD_FONTS = env.list("SEO_CARD_FONTS", default=[])
# Entries (pages, issues) per sitemap file, the protocol's maximum number of URLs: /sitemap.xml lists one file per
# this many of each section. A blog index's tag and author archives come with it, in its file.
SEO_SITEMAP_MAX_URLS = 50_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Analytics ------------------------------------------------------------------------
# Raw event rows are pruned after this many days; daily aggregates stay.
# Visitor hashes and salts never outlive their day, whatever this says.
ANALYTICS_RETENTION_DAYS = env.int("ANALYTICS_RETENTION_DAYS", default=30)
# Dotted path to `function(start, end) -> [{"title", "url", "page_url"}]` for the digest's dead links.
ANALYTICS_DEAD_LINKS_PROVIDER = env("ANALYTICS_DEAD_LINKS_PROVIDER", default="resources.linkcheck.newly_dead_links")
# Page views are batched in each web process for this long, then written in one transaction; 0 writes each at once.
ANALYTICS_FLUSH_SECONDS = env.float("ANALYTICS_FLUSH_SECONDS", default=1.0)
# Daily aggregates (views, visitors, events per day) are deleted after this many days; 0 keeps them forever.
ANALYTICS_DAILY_RETENTION_DAYS = env.int("ANALYTICS_DAILY_RETENTION_DAYS", default=800)
# Distinct referrers, sources and campaigns kept per day and kind; beyond it a new one counts as "(other)". 0: no cap.
ANALYTICS_MAX_SOURCES_PER_DAY = env.int("ANALYTICS_MAX_SOURCES_PER_DAY", default=1000)

# --- Blog share links ------------------------------------------------------------------------
# Mastodon servers a reader is sent to at once from "Share on Mastodon"; any other server name they type gets a page
# that names it and asks them to continue (never an automatic redirect to a host nobody vetted). See docs/security.md.
MASTODON_INSTANCES = env.list(
    "MASTODON_INSTANCES",
    default=[
        "mastodon.social",
        "mastodon.online",
        "mas.to",
        "mstdn.social",
        "fosstodon.org",
        "hachyderm.io",
        "infosec.exchange",
        "techhub.social",
        "mastodon.world",
        "universeodon.com",
    ],
)

# --- Server-side fetches (ops/fetch.py: URL prefill, link checks) --------------------------------------------
# Host names or IP addresses the site may fetch although they are loopback or private, e.g. an intranet's wiki
# ("wiki.corp.example", "10.0.0.5"). Everything else inside a private network is refused. Comma-separated.
SAFE_FETCH_ALLOWED_HOSTS = env.list("SAFE_FETCH_ALLOWED_HOSTS", default=[])
