"""Django settings. Everything a deployment changes comes from the environment (docs/deploy.md).

Safe unless told otherwise: with no environment at all these are the production settings, and start-up
refuses what production cannot run with (no secret key, a published one, no public address). Two
explicit switches relax them, and nothing else does:

- ``OCOP_MODE=development`` (set by ``python3 dev.py start``): debug pages, a published development
  key, plain HTTP on 127.0.0.1;
- ``OCOP_MODE=test`` (set by pytest, pyproject.toml): plain HTTP for the test client, a fresh random
  key, the fast MD5 password hasher.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: dùng 1 hoặc 0 / use 1 or 0")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: cần một số nguyên / must be a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [v.strip() for v in value.split(",") if v.strip()] if value is not None else default


def env_secret(name: str) -> str:
    """A secret from `NAME`, or from the file `NAME_FILE` names (systemd credentials, Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, "")


BASE_DIR = Path(__file__).resolve().parent.parent
# Where the embedded database and uploads live; `var/` beside the checkout by default.
DATA_DIR = Path(os.environ.get("OCOP_DATA_DIR", Path.cwd() / "var")).resolve()

MODE = os.environ.get("OCOP_MODE", "production")
if MODE not in ("production", "development", "test"):
    raise ImproperlyConfigured(f"OCOP_MODE={MODE!r}: production (mặc định / default), development hoặc test")
DEVELOPMENT = MODE == "development"
TESTING = MODE == "test"

DEBUG = env_bool("OCOP_DEBUG", DEVELOPMENT)
if DEBUG and not DEVELOPMENT:
    raise ImproperlyConfigured(
        "OCOP_DEBUG=1 chỉ dùng với OCOP_MODE=development: trang gỡ lỗi lộ mã nguồn và cấu hình "
        "/ debug pages show source code and settings: only with OCOP_MODE=development"
    )

# --- the secret key ----------------------------------------------------------------------------------
DEVELOPMENT_KEY = "dev-only-insecure-key"
# Keys that are published (in this repository, its docs or Django's) and so are no secret at all.
PUBLISHED_KEYS = frozenset({DEVELOPMENT_KEY, "…long random…", "change-me", "changeme", "secret"})
SECRET_KEY = env_secret("OCOP_SECRET_KEY")
if DEVELOPMENT:
    SECRET_KEY = SECRET_KEY or DEVELOPMENT_KEY
elif TESTING:
    SECRET_KEY = SECRET_KEY or secrets.token_urlsafe(50)
elif (
    not SECRET_KEY
    or SECRET_KEY in PUBLISHED_KEYS
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "OCOP_SECRET_KEY (hoặc OCOP_SECRET_KEY_FILE) phải là một khoá ngẫu nhiên riêng, ít nhất 50 ký tự; "
        "tạo bằng / make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'. "
        "Chạy thử trên máy mình / a try-out on this machine: python3 dev.py start"
    )

# --- the public address ------------------------------------------------------------------------------
# Every address that leaves the server (QR codes on certificates and stamps, PDFs, e-mails) is built
# from this one setting, never from the request's Host header: ocop.web.public.absolute().
HTTPS = env_bool("OCOP_HTTPS", MODE == "production")
_default_public = {"development": "http://127.0.0.1:8000", "test": "http://testserver"}.get(MODE, "")
PUBLIC_URL = (os.environ.get("OCOP_PUBLIC_URL") or _default_public).rstrip("/")
_public = urlsplit(PUBLIC_URL)
if not PUBLIC_URL or _public.scheme not in ("http", "https") or not _public.hostname:
    raise ImproperlyConfigured(
        "OCOP_PUBLIC_URL phải là địa chỉ công khai của hệ thống, vd. https://ocop.langson.gov.vn "
        "/ must be the public address, e.g. https://ocop.langson.gov.vn"
    )
if _public.path or _public.query or _public.fragment:
    raise ImproperlyConfigured(
        f"OCOP_PUBLIC_URL={PUBLIC_URL!r}: chỉ gồm scheme và tên miền / scheme and host only"
    )
if HTTPS and _public.scheme != "https":
    raise ImproperlyConfigured(
        f"OCOP_PUBLIC_URL={PUBLIC_URL!r} phải bắt đầu bằng https:// (mã QR in trên tem dùng địa chỉ này) "
        "/ must start with https://; OCOP_HTTPS=0 only on a closed network without TLS"
    )

_local = ["127.0.0.1", "localhost", "[::1]"] if DEVELOPMENT or TESTING else []
ALLOWED_HOSTS = env_list(
    "OCOP_ALLOWED_HOSTS", [_public.hostname, *_local, *(["testserver"] if TESTING else [])]
)
CSRF_TRUSTED_ORIGINS = env_list("OCOP_CSRF_TRUSTED_ORIGINS", [])

# --- HTTPS behind the reverse proxy ------------------------------------------------------------------
# The proxy ends TLS and must set (overwrite) X-Forwarded-Proto and X-Forwarded-For; the application
# listens on 127.0.0.1 only, so nobody else can send those headers (docs/deploy.md).
_proxy_header = os.environ.get("OCOP_PROXY_SSL_HEADER", "X-Forwarded-Proto" if HTTPS else "")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
# How many proxies in front add themselves to X-Forwarded-For: the client's address is that many
# entries from the right. 0: the client is the peer of the connection (REMOTE_ADDR).
OCOP_TRUSTED_PROXIES = env_int("OCOP_TRUSTED_PROXIES", 1 if MODE == "production" else 0)

SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# "__Host-" cookies are refused by browsers unless secure, for this host only, on every path.
SESSION_COOKIE_NAME = "__Host-ocop_session" if HTTPS else "ocop_session"
CSRF_COOKIE_NAME = "__Host-ocop_csrf" if HTTPS else "ocop_csrf"
SECURE_HSTS_SECONDS = env_int("OCOP_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (templates use static files and data- attributes), so the policy
# needs no 'unsafe-inline'. The shape is Django 6's SECURE_CSP, so its middleware can replace ours.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
# security.W021 asks for HSTS preloading: the preload list takes whole registrable domains (gov.vn's
# provinces), not one system's host name; that is the province's choice, not this application's.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    "ocop.support",
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
    "ocop.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view or CSRF check reads the body: bounds uploads (web/limits.py).
    "ocop.web.limits.RequestLimits",
    "ocop.accounts.sessions.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused for too many failures into the Vietnamese lockout page.
    "axes.middleware.AxesMiddleware",
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

# --- accounts, sign-in, sessions (docs/security.md) ---------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is hashed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"ocop.accounts.passwords.{name}"}
    for name in ("MinimumLength", "UnlikeTheAccount", "NotCommon", "NotOnlyDigits", "NotContextWords")
]
if TESTING:  # explicit: the suite creates hundreds of accounts; production keeps Django's PBKDF2
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PASSWORD_RESET_TIMEOUT = 3600  # a reset link works for one hour
# A session ends 12 hours after sign-in, and an official's after 30 minutes without a request
# (ocop.accounts.sessions; OWASP ASVS 3.3.2).
SESSION_COOKIE_AGE = 12 * 3600
OCOP_IDLE_TIMEOUT_MINUTES = env_int("OCOP_IDLE_TIMEOUT_MINUTES", 30)
# Roles that sign decisions or administer must sign in with a second factor (ocop.accounts.two_factor).
OCOP_2FA_REQUIRED_ROLES = tuple(
    env_list("OCOP_2FA_REQUIRED_ROLES", ["province_leader", "central_staff", "admin"])
)
OTP_TOTP_ISSUER = os.environ.get("OCOP_TOTP_ISSUER", "OCOP " + _public.hostname)
# Sign-in requests that may run at once on this machine (a password check takes most of a core for about
# a second): ocop.accounts.throttle.bounded.
OCOP_LOGIN_CONCURRENCY = env_int("OCOP_LOGIN_CONCURRENCY", max(1, (os.cpu_count() or 2) // 2))

# django-axes: failed sign-ins per account and per client address; see ocop.accounts.throttle.
AXES_FAILURE_LIMIT = env_int("OCOP_LOGIN_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = "ocop.accounts.throttle.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each lock keeps its own end: the cool-off grows with repeats
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed sign-in kept (the backoff counts them)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refused attempt is not written (throttle.py)
AXES_LOCKOUT_CALLABLE = "ocop.accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ocop.accounts.throttle.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "code", "csrfmiddlewaretoken"]

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

# --- e-mail ------------------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("OCOP_SMTP_HOST", "")
EMAIL_PORT = env_int("OCOP_SMTP_PORT", 587)
EMAIL_HOST_USER = os.environ.get("OCOP_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_secret("OCOP_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("OCOP_SMTP_STARTTLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("OCOP_SMTP_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = os.environ.get(
    "OCOP_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("OCOP_FROM_EMAIL", "ocop@" + _public.hostname)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Errors and warnings (failed sign-ins included) to standard error, where the service manager keeps
# them (journald); Django alone would send a production 500's traceback nowhere.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"axes": {"level": "WARNING"}, "ocop": {"level": "INFO"}},
}

# --- serving (ocop serve) ----------------------------------------------------------------------------
OCOP_WORKERS = env_int("OCOP_WORKERS", 1 if DEVELOPMENT else (os.cpu_count() or 1))
OCOP_THREADS = env_int("OCOP_THREADS", 8)

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
