"""Production-safe settings. dev.py and test.py loosen them; production.py insists on secrets."""

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

# Absolute links in emails, feeds and sitemaps are built on this, never on the request's host.
BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAIL_SITE_NAME = env("SITE_NAME", default="Launchkit")

INSTALLED_APPS = [
    "home",
    "blog",
    "resources",
    "newsletter",
    "wagtailseo",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
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
]

MIDDLEWARE = [
    "home.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web process and the task worker share one file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set, so every process shares caches and rate limits ---
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="launchkit"),
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

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

# An email service provider through django-anymail: ESP=amazon_ses|postmark|mailgun|sendgrid|brevo plus ESP_API_KEY.
# ESP wins over EMAIL_URL. Webhooks (bounces, complaints) check ANYMAIL_WEBHOOK_SECRET ("user:password").
ESP = env("ESP", default="").lower()
_ESP_BACKENDS = {
    "amazon_ses": "anymail.backends.amazon_ses.EmailBackend",
    "postmark": "anymail.backends.postmark.EmailBackend",
    "mailgun": "anymail.backends.mailgun.EmailBackend",
    "sendgrid": "anymail.backends.sendgrid.EmailBackend",
    "brevo": "anymail.backends.brevo.EmailBackend",
}
_ESP_KEY_NAMES = {
    "postmark": "POSTMARK_SERVER_TOKEN",
    "mailgun": "MAILGUN_API_KEY",
    "sendgrid": "SENDGRID_API_KEY",
    "brevo": "BREVO_API_KEY",
}
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default="")}
if ESP:
    EMAIL_BACKEND = _ESP_BACKENDS[ESP]
    if ESP in _ESP_KEY_NAMES:
        ANYMAIL[_ESP_KEY_NAMES[ESP]] = env("ESP_API_KEY")
    if ESP == "mailgun":
        ANYMAIL["MAILGUN_SENDER_DOMAIN"] = env("MAILGUN_SENDER_DOMAIN", default="")
        ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"] = env("MAILGUN_WEBHOOK_SIGNING_KEY", default="")
    # Amazon SES takes its credentials from boto3's usual environment (AWS_ACCESS_KEY_ID, AWS_REGION, ...).

# --- Newsletter ------------------------------------------------------------------------
NEWSLETTER_FROM_EMAIL = env("NEWSLETTER_FROM_EMAIL", default="") or DEFAULT_FROM_EMAIL
NEWSLETTER_UNSUBSCRIBE_MAILTO = env("NEWSLETTER_UNSUBSCRIBE_MAILTO", default="")  # e.g. unsubscribe@example.com
NEWSLETTER_CONFIRM_MAX_AGE = env.int("NEWSLETTER_CONFIRM_MAX_AGE", default=48 * 3600)  # seconds a confirm link works
NEWSLETTER_RESEND_MINUTES = env.int("NEWSLETTER_RESEND_MINUTES", default=10)  # one confirmation email per N minutes
NEWSLETTER_STORE_IP_HASH = env.bool("NEWSLETTER_STORE_IP_HASH", default=False)  # keep a keyed hash of the IP
NEWSLETTER_MIN_FILL_SECONDS = env.float("NEWSLETTER_MIN_FILL_SECONDS", default=2.0)  # faster is a bot
NEWSLETTER_RATE_PER_IP = env("NEWSLETTER_RATE_PER_IP", default="20/h")  # signups from one IP
NEWSLETTER_RATE_PER_ADDRESS = env("NEWSLETTER_RATE_PER_ADDRESS", default="5/h")  # signups for one address
NEWSLETTER_THROTTLE = env("NEWSLETTER_THROTTLE", default="20/s")  # sending rate across all workers: N/s or N/m
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)  # deliveries a worker claims at once
NEWSLETTER_WORKERS = env.int("NEWSLETTER_WORKERS", default=2)  # sending tasks started per issue
NEWSLETTER_LEASE_SECONDS = env.int("NEWSLETTER_LEASE_SECONDS", default=120)  # a claimed delivery's lease
NEWSLETTER_MAX_ATTEMPTS = env.int("NEWSLETTER_MAX_ATTEMPTS", default=5)  # transient failures before giving up
NEWSLETTER_RETRY_BASE_SECONDS = env.int("NEWSLETTER_RETRY_BASE_SECONDS", default=60)  # doubles each attempt

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

# --- Security (production-safe defaults; dev.py loosens them) --------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=True) else None
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
