"""Django settings. Everything a deployment changes comes from the environment (docs/deploy.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
# Where the embedded database and uploads live; `var/` beside the checkout by default.
DATA_DIR = Path(os.environ.get("OCOP_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("OCOP_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("OCOP_SECRET_KEY", "dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("OCOP_SECRET_KEY must be set when OCOP_DEBUG=0")
ALLOWED_HOSTS = [
    h for h in os.environ.get("OCOP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("OCOP_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "ocop.areas",
    "ocop.accounts",
    "ocop.producers",
    "ocop.dossiers",
    "ocop.councils",
    "ocop.certificates",
    "ocop.audit",
    "ocop.numbering",
    "ocop.lifecycle",
    "ocop.catalogue",
    "ocop.programme",
    "ocop.reports",
    "ocop.registers",
    "ocop.national",
    "ocop.stamps",
    "ocop.backup",
    "ocop.ideas",
    "ocop.web",
    "ninja",  # the API's browsable docs, served from its bundled static files
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
    # Before any view or CSRF check reads the body: bounds uploads (web/limits.py).
    "ocop.web.limits.RequestLimits",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ocop.web.urls"
WSGI_APPLICATION = "ocop.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ocop.web.nav.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'ocop.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True  # `ocop serve` works without collectstatic
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

EMAIL_BACKEND = os.environ.get("OCOP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("OCOP_FROM_EMAIL", "ocop@localhost")

if not DEBUG:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("OCOP_HTTPS", "1") == "1"

# Background tasks (django-tasks): run at once by default; a deployment with a worker sets its backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("OCOP_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

# Provincial choices read by the services (docs/deploy.md); unset means the documented default.
if "OCOP_UPLOAD_MAX_BYTES" in os.environ:
    OCOP_UPLOAD_MAX_BYTES = int(os.environ["OCOP_UPLOAD_MAX_BYTES"])
if "OCOP_EXPIRY_REMINDER_DAYS" in os.environ:
    OCOP_EXPIRY_REMINDER_DAYS = tuple(int(d) for d in os.environ["OCOP_EXPIRY_REMINDER_DAYS"].split(","))
if "OCOP_VERIFY_CACHE_SIZE" in os.environ:
    OCOP_VERIFY_CACHE_SIZE = int(os.environ["OCOP_VERIFY_CACHE_SIZE"])
if "OCOP_VERIFY_CACHE_SECONDS" in os.environ:
    OCOP_VERIFY_CACHE_SECONDS = float(os.environ["OCOP_VERIFY_CACHE_SECONDS"])
# The national link (docs/api.md, docs/deploy.md): the clone rule's thresholds, the proxy header that
# carries a scan's province, and the API's rates (requests per minute).
for _name in ("OCOP_STAMP_CLONE_MIN_SCANS", "OCOP_STAMP_CLONE_RATIO", "OCOP_STAMP_CLONE_PROVINCES"):
    if _name in os.environ:
        globals()[_name] = int(os.environ[_name])
OCOP_SCAN_PROVINCE_HEADER = os.environ.get("OCOP_SCAN_PROVINCE_HEADER", "")
OCOP_API_RATE_PARTNER = os.environ.get("OCOP_API_RATE_PARTNER", "600/min")
OCOP_API_RATE_PUBLIC = os.environ.get("OCOP_API_RATE_PUBLIC", "120/min")
