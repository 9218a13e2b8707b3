"""Arrears settings: every knob is an environment variable read through a strict helper.

SQLite under ``var/`` by default, so a checkout runs with no services; PostgreSQL by
``ARREARS_DATABASE_URL=postgresql://user:pass@host:5432/name`` in production.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from arrears.core.env import (
    ConfigError,
    check_production_secret_key,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_pair,
    env_pairs,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ARREARS_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, exports and reports live here

DEBUG = env_bool("ARREARS_DEBUG", False)
# Production: secure cookies, HTTPS only, a real secret key, no demo data. DEBUG does not
# relax any of it: a production server with debug pages is still a production server.
ARREARS_PRODUCTION = env_bool("ARREARS_PRODUCTION", False)
_DEV_KEY = "arrears-development-key-not-for-production"
SECRET_KEY = env_str("ARREARS_SECRET_KEY", _DEV_KEY)
if ARREARS_PRODUCTION:
    check_production_secret_key(SECRET_KEY, development_key=_DEV_KEY)

ALLOWED_HOSTS = env_list("ARREARS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("ARREARS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # Brute-force protection on sign-in (failed attempts counted per user and address).
    "axes",
    "arrears.core",
    "arrears.portfolio",
    "arrears.contacts",
    "arrears.compliance",
    "arrears.scripts",
    "arrears.cases",
    "arrears.activity",
    "arrears.strategy",
    "arrears.messaging",
    "arrears.reports",
    "arrears.recovery",
    "arrears.legal",
    "arrears.receivables",
    "arrears.dunning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "arrears.core.middleware.IdleSessionMiddleware",
    "arrears.core.middleware.UserLanguageMiddleware",
    # After the language is known: the refusal is said in the user's language.
    "arrears.core.middleware.RefuseControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "arrears.urls"
WSGI_APPLICATION = "arrears.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "arrears" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "arrears.core.context.roles",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = env_str("ARREARS_DATABASE_URL", f"sqlite:///{VAR_DIR / 'arrears.sqlite3'}")
    if env_bool("ARREARS_TEST_POSTGRES", False):
        # The test suite on a real PostgreSQL (CI runs it both ways); pytest-django creates
        # and drops a test_ database beside this one.
        url = env_str("ARREARS_TEST_POSTGRES_URL", "postgresql://arrears:arrears@127.0.0.1:5432/arrears")
    try:
        config: dict[str, Any] = dj_database_url.parse(  # type: ignore[assignment]
            url, conn_max_age=env_int("ARREARS_DB_CONN_MAX_AGE", 60)
        )
    except ValueError as exc:
        raise ConfigError(f"ARREARS_DATABASE_URL: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # WAL lets the nightly run write while collectors read; IMMEDIATE avoids the
        # upgrade deadlock of two writers that both started as readers.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            # Writers queue behind one another (the gate locks the debtor); on a busy machine
            # eight at once can wait longer than the default 5 s, or than 20.
            "timeout": 60,
            # A 256 MiB page cache: big imports insert random UUIDs into unique indexes,
            # which thrash the default 2 MiB cache.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"
            ),
        }
        # The test database is a file, not Django's shared in-memory one: with that, a live
        # server's thread and the test's thread share one SQLite connection, and a query of
        # one that calls back into Python (Django's SQL functions) while the other holds
        # Python's lock and waits for the connection's mutex hangs both for ever.
        config["TEST"] = {"NAME": str(VAR_DIR / "test-arrears.sqlite3")}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every sign-in first and counts the failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a user name from one address after this many failures, and an address whatever
# names it tries (password spraying). A call centre behind one NAT address shares the
# address count: raise the limit there rather than turning the lock off.
AXES_FAILURE_LIMIT = env_int("ARREARS_LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# Failures count for this long after the last one, and a lock lasts as long; each attempt
# during a lock starts it again (axes' default), so a running attack stays locked out.
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ARREARS_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_CALLABLE = "arrears.core.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "arrears.core.signin.client_ip"
# Reverse proxies in front of the app that append to X-Forwarded-For (see
# arrears.core.signin.client_ip); 0 reads the peer address.
ARREARS_TRUSTED_PROXIES = env_int("ARREARS_TRUSTED_PROXIES", 0, minimum=0)
AXES_VERBOSE = False  # no start-up banner; lockouts are still logged as warnings
# A session ends after this much time without a request (arrears.core.middleware).
SESSION_COOKIE_AGE = 60 * env_int("ARREARS_SESSION_IDLE_MINUTES", 30, minimum=1)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:queue"
LOGOUT_REDIRECT_URL = "login"

# Chinese first: the product's users are in the first place Chinese collection teams.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "arrears" / "locale"]
USE_I18N = True
USE_TZ = True
# Instants are stored in UTC (USE_TZ); TIME_ZONE is the business's zone: "today" for the
# queues and the nightly run, and the times shown on screen. Contact rules use the
# debtor's own zone.
TIME_ZONE = env_str("ARREARS_TIME_ZONE", "Asia/Shanghai")

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("ARREARS_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(exist_ok=True)
# Serve files straight from the apps' static folders: no collectstatic step for `make run`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-less meta tag instead
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response (django-csp): scripts and styles only from our
# own static files, so a value that slips through escaping cannot run (no inline script, no
# inline event handler, no eval; HTMX runs with allowEval off, see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
if ARREARS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind a reverse proxy that terminates TLS, Django sees plain HTTP; the proxy says
    # the original scheme in a header (e.g. ARREARS_SECURE_PROXY_SSL_HEADER=
    # HTTP_X_FORWARDED_PROTO,https). Set it only when the proxy always sets or strips
    # that header, or a client could claim HTTPS.
    SECURE_PROXY_SSL_HEADER = env_pair("ARREARS_SECURE_PROXY_SSL_HEADER")
    # Redirect plain HTTP to HTTPS here, unless the proxy already does (then 0).
    SECURE_SSL_REDIRECT = env_bool("ARREARS_SSL_REDIRECT", True)
    # HSTS: browsers refuse plain HTTP to this host for a year once they have seen it.
    SECURE_HSTS_SECONDS = env_int("ARREARS_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ARREARS_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading puts the domain into the browsers' own lists, which takes months to
    # undo, so it is the operator's explicit choice; W021 only reminds of it.
    SECURE_HSTS_PRELOAD = env_bool("ARREARS_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    # Static files: `collectstatic` into STATIC_ROOT, served by WhiteNoise with hashed
    # names and far-future caching; the app folders are not read at run time.
    WHITENOISE_USE_FINDERS = False
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Aging buckets: the upper bound in days past due of each bucket; the last one is open.
# Imports that add at least this many rows to a table check its foreign keys in one query
# each instead of row by row (PostgreSQL; see arrears/core/bulk.py and docs/import.md).
ARREARS_BULK_LOAD_ROWS = env_int("ARREARS_BULK_LOAD_ROWS", 100_000, minimum=1)
ARREARS_BULK_LOCK_TIMEOUT_MS = env_int("ARREARS_BULK_LOCK_TIMEOUT_MS", 5_000, minimum=1)
# Connections the nightly's extract reads on at once, sharing the run's snapshot
# (PostgreSQL; arrears/core/reads.py, docs/nightly.md). 1 reads in turn on the run's own.
ARREARS_READ_CONNECTIONS = env_int("ARREARS_READ_CONNECTIONS", 3, minimum=1)
# Connections the nightly's write-back writes its batches on at once (accounts aged, plans;
# PostgreSQL; arrears/strategy/writes.py). 1 writes them in turn on the run's own.
ARREARS_NIGHTLY_WRITERS = env_int("ARREARS_NIGHTLY_WRITERS", 2, minimum=1)
ARREARS_BUCKETS = env_list("ARREARS_BUCKETS", ["0", "30", "60", "90", "120", "150", "180"])

# The key that signs the evidence digests (arrears/activity/digest.py, docs/evidence.md).
# Never in the database: whoever can rewrite the events must not be able to sign their
# heads again. Without it, development makes a key file under VAR_DIR on first use;
# production refuses to start.
ARREARS_EVIDENCE_KEY = env_str("ARREARS_EVIDENCE_KEY", "")
if ARREARS_EVIDENCE_KEY and len(ARREARS_EVIDENCE_KEY) < 32:
    raise ConfigError(
        "ARREARS_EVIDENCE_KEY must be at least 32 characters"
        " (e.g. python3 -c 'import secrets; print(secrets.token_hex(32))')"
    )
if not ARREARS_EVIDENCE_KEY and env_bool("ARREARS_PRODUCTION", False):
    raise ConfigError("ARREARS_EVIDENCE_KEY must be set when ARREARS_PRODUCTION=1 (see docs/evidence.md)")
# Where the nightly run and `evidence_digest` write the signed digests.
ARREARS_EVIDENCE_DIR = Path(env_str("ARREARS_EVIDENCE_DIR", str(VAR_DIR / "evidence")))
# Each digest is carried forward from the one before (only the chains with new events are
# read again, arrears/activity/digest_carry.py); one reads every head at least this often.
ARREARS_DIGEST_FULL_DAYS = env_int("ARREARS_DIGEST_FULL_DAYS", 7, minimum=1)
# Seconds a digest waits for the transactions writing events at its start to end (PostgreSQL);
# past it, the digest records no mark and the next one reads every head.
ARREARS_DIGEST_WAIT = env_int("ARREARS_DIGEST_WAIT", 30, minimum=0)

# --- Messaging: SMS, email and letters (docs/messaging.md) ---------------------------------
# SMS: "file" writes each message to ARREARS_SMS_DIR (development); "aliyun" sends through
# Alibaba Cloud SMS with its signed RPC API.
SMS_PROVIDER = env_choice("ARREARS_SMS_PROVIDER", "file", ("file", "aliyun"))
SMS_DIR = Path(env_str("ARREARS_SMS_DIR", str(VAR_DIR / "sms")))
ALIYUN_SMS = {
    "endpoint": env_str("ARREARS_ALIYUN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com/"),
    "access_key_id": env_str("ARREARS_ALIYUN_SMS_ACCESS_KEY_ID", ""),
    "access_key_secret": env_str("ARREARS_ALIYUN_SMS_ACCESS_KEY_SECRET", ""),
    "sign_name": env_str("ARREARS_ALIYUN_SMS_SIGN_NAME", ""),
    # script key=Aliyun template code, comma-separated: sms-reminder=SMS_123456789,...
    "templates": env_pairs("ARREARS_ALIYUN_SMS_TEMPLATES"),
}
if SMS_PROVIDER == "aliyun":
    for _name in ("access_key_id", "access_key_secret", "sign_name", "templates"):
        if not ALIYUN_SMS[_name]:
            raise ConfigError(f"ARREARS_SMS_PROVIDER=aliyun needs ARREARS_ALIYUN_SMS_{_name.upper()}")
# The shared secret in the providers' webhook URLs (receipts and replies); empty: webhooks off.
SMS_WEBHOOK_TOKEN = env_str("ARREARS_SMS_WEBHOOK_TOKEN", "")
if SMS_WEBHOOK_TOKEN and len(SMS_WEBHOOK_TOKEN) < 24:
    raise ConfigError("ARREARS_SMS_WEBHOOK_TOKEN must be at least 24 characters")
# Email: Django's backends. "smtp" for real, "file" (ARREARS_EMAIL_DIR) or "console" in development.
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}[env_choice("ARREARS_EMAIL_BACKEND", "file", ("smtp", "file", "console"))]
EMAIL_FILE_PATH = env_str("ARREARS_EMAIL_DIR", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("ARREARS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ARREARS_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("ARREARS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("ARREARS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ARREARS_EMAIL_STARTTLS", False)
EMAIL_USE_SSL = env_bool("ARREARS_EMAIL_SSL", False)
EMAIL_TIMEOUT = env_int("ARREARS_EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("ARREARS_EMAIL_FROM", "Arrears <noreply@localhost>")
# Letters: each letter's PDF and the day's print file (address sheets + letters) go here.
LETTERS_DIR = Path(env_str("ARREARS_LETTERS_DIR", str(VAR_DIR / "letters")))
# Files attached to emails (statements of account), kept as sent.
ATTACHMENTS_DIR = Path(env_str("ARREARS_ATTACHMENTS_DIR", str(VAR_DIR / "attachments")))
# Where fits of the language models are kept per data version (arrears/core/fitcache.py);
# empty: VAR_DIR/models/cache.
ARREARS_FIT_CACHE_DIR = env_str("ARREARS_FIT_CACHE_DIR", "")
# Legal recovery: the exhibits attached to cases (uploads: PDF, images, XLSX), by case.
LEGAL_EXHIBITS_DIR = Path(env_str("ARREARS_EXHIBITS_DIR", str(VAR_DIR / "exhibits")))
LEGAL_EXHIBIT_MAX_BYTES = env_int("ARREARS_EXHIBIT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# The outbox: how long a claimed message is a sender's; attempts before a message fails;
# how long a blocked message may wait for the gate; send at once when queued (not only by
# `send_messages`).
MESSAGING_LEASE_SECONDS = env_int("ARREARS_MESSAGING_LEASE_SECONDS", 300, minimum=1)
MESSAGING_MAX_ATTEMPTS = env_int("ARREARS_MESSAGING_MAX_ATTEMPTS", 6, minimum=1)
MESSAGING_MAX_WAIT_HOURS = env_int("ARREARS_MESSAGING_MAX_WAIT_HOURS", 72, minimum=1)
MESSAGING_SEND_ON_QUEUE = env_bool("ARREARS_MESSAGING_SEND_ON_QUEUE", True)
# The hour (debtor's local time) at which the nightly's reminders for the next day are due.
REMINDER_HOUR = env_int("ARREARS_REMINDER_HOUR", 9, minimum=0)
if REMINDER_HOUR > 23:
    raise ConfigError("ARREARS_REMINDER_HOUR must be 0-23")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ARREARS_LOG_LEVEL", "WARNING")},
}
