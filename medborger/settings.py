"""Settings for Medborger, read from the environment.

One module for every set-up. Without a `DATABASE_URL` or `REDIS_URL` it runs on the embedded
default: SQLite, a filesystem Celery broker and e-mail written to files, all under `var/`.
With `DEBUG` off it refuses to start without a secret key and turns on the secure defaults that
`manage.py check --deploy` asks for.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

VAR_DIR = BASE_DIR / env("MEDBORGER_VAR_DIR", default="var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the site, used in links inside e-mails and calendar feeds.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "medborger",
    "policy",
    "consultation",
    "forum",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "simple_history",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

# `make bench` installs the floor views it measures every page against (bench/floor).
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)
if BENCH_FLOOR:
    INSTALLED_APPS.append("bench.floor")

MIDDLEWARE = [
    # First: the request id, one access log line and the request metrics for every response.
    "medborger.middleware.RequestObservationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which reads the body: refuses a body over the view's limit unread.
    "medborger.middleware.RequestBodyLimitMiddleware",
    # Query parameters and posted fields without NUL or other control characters, once.
    "medborger.text.InputTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a session verified by a second factor; superusers must have one (when required).
    "django_otp.middleware.OTPMiddleware",
    "medborger.two_factor.RequireTwoFactorMiddleware",
    # After authentication: no copy of a logged-in user's page or of an export is kept.
    "medborger.middleware.PrivacyHeadersMiddleware",
    "medborger.middleware.DanishFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "medborger.urls"
WSGI_APPLICATION = "medborger.wsgi.application"
ASGI_APPLICATION = "medborger.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "medborger.context_processors.site",
            ],
        },
    },
]

#: Widgets render through TEMPLATES, so templates/ can override a widget's template (the admin's
#: split date and time field labels its two inputs: templates/admin/widgets/). Django's own
#: input, select and textarea templates are written in Python, the same markup
#: (medborger/form_renderer.py).
FORM_RENDERER = "medborger.form_renderer.FastTemplatesSetting"

# --- Database -------------------------------------------------------------------------------

SQLITE_PATH = VAR_DIR / "medborger.sqlite3"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share one file: WAL lets readers and a writer work at
    # once, IMMEDIATE takes the write lock at BEGIN (no upgrade deadlocks), and the timeout waits
    # for a busy lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not :memory:, so that a worker process started by a test can share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # No JIT compilation: the pages' queries are small, but a correlated count in the select
    # list makes the planner's estimate pass jit_above_cost, and compiling then took 1.5 s of
    # a 2 ms query (a respondent's page at 2,000 points; see bench/points.py).
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "medborger.User"

# --- Cache ----------------------------------------------------------------------------------

# The database cache works the same for every process on every host and needs no server;
# `migrate` makes its table (medborger/migrations/0008_cache_table.py).
# In production the cache lives in Redis (CACHE_REDIS_URL), shared by every instance and a
# round trip cheaper than the database. Redis being away never fails a request: a read is a
# miss, a write is dropped and logged (django-redis's IGNORE_EXCEPTIONS); what the cache holds
# is rebuilt (medborger.stamps) and the log-in throttle lets the request through meanwhile.
CACHE_REDIS_URL = env("CACHE_REDIS_URL", default="")
if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": "medborger",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "medborger_cache",
        }
    }

# --- Authentication -------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses log-ins while an account is locked out.
    "axes.backends.AxesStandaloneBackend",
    # Then the account's own wait against guessing from many addresses (medborger.throttle).
    "medborger.throttle.AccountThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    "medborger.backends.PasswordBackend",
    # Staff single sign-on (medborger.sso); it does nothing until MEDBORGER_OIDC_CLIENT_ID is set.
    "medborger.sso.SSOBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The test suite sets FAST_PASSWORD_HASHING (pytest.ini): it creates hundreds of users, and
# PBKDF2's deliberate slowness would dominate its run time. Never set it in production.
if env.bool("FAST_PASSWORD_HASHING", default=False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "landing"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Staff log in from shared machines: sessions end with the browser and after a working day.
# Django's database sessions, read with one statement written once per process.
SESSION_ENGINE = "medborger.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)

DEMO_PASSWORD = env("DEMO_PASSWORD", default="medborger-demo")

# Who runs the site, for the accessibility statement, the privacy notice and e-mails.
MUNICIPALITY_NAME = env("MUNICIPALITY_NAME", default="Ishøj Kommune")
CONTACT_EMAIL = env("CONTACT_EMAIL", default="medborger@ishoj.example")
DATA_PROTECTION_OFFICER_EMAIL = env("DATA_PROTECTION_OFFICER_EMAIL", default="dpo@ishoj.example")
ACCESSIBILITY_STATEMENT_DATE = datetime.date.fromisoformat(
    env("ACCESSIBILITY_STATEMENT_DATE", default="2026-11-23")
)

# Log-in throttling (django-axes): five wrong passwords for one user name from one address lock
# that combination for a while; the lockout page says so in Danish.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "medborger.backends.lockout_username"
# The same client address as every other limit (medborger.http.client_address).
AXES_CLIENT_IP_CALLABLE = "medborger.http.client_address"

# Per account, from all addresses together (medborger.throttle): after this many wrong
# passwords within AXES_COOLOFF_TIME the account waits until the window has passed; a browser it
# logged in from before (a signed cookie) is not held. 0 turns it off.
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=10)
LOGIN_DEVICE_COOKIE = "medborger_device"
LOGIN_DEVICE_COOKIE_AGE = 60 * 60 * 24 * 90
# Two-factor log-in with an authenticator app (medborger.two_factor): optional for staff,
# required for superusers unless this is turned off.
OTP_REQUIRED_FOR_SUPERUSERS = env.bool("OTP_REQUIRED_FOR_SUPERUSERS", default=not DEBUG)
OTP_TOTP_ISSUER = "Medborger"
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=5)
PASSWORD_RESET_LIMIT_PER_ACCOUNT = env.int("PASSWORD_RESET_LIMIT_PER_ACCOUNT", default=3)

# --- Staff single sign-on (OpenID Connect, medborger/sso.py) ---------------------------------

# On when a client id is set. The endpoints are those in the provider's discovery document
# (<issuer>/.well-known/openid-configuration); `manage.py sso_discover <issuer>` prints them as
# these variables. For Microsoft Entra ID the issuer is
# https://login.microsoftonline.com/<tenant id>/v2.0.
OIDC_RP_CLIENT_ID = env("MEDBORGER_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("MEDBORGER_OIDC_CLIENT_SECRET", default="")
MEDBORGER_OIDC_ISSUER = env("MEDBORGER_OIDC_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("MEDBORGER_OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env("MEDBORGER_OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env("MEDBORGER_OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env("MEDBORGER_OIDC_JWKS_ENDPOINT", default="")
#: The provider's end_session_endpoint: log-out ends the provider's session too. Empty when
#: the provider has none; then log-out ends only Medborger's session.
MEDBORGER_OIDC_END_SESSION_ENDPOINT = env("MEDBORGER_OIDC_END_SESSION_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env("MEDBORGER_OIDC_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("MEDBORGER_OIDC_SCOPES", default="openid profile email")
#: The name on the log-in page's button: "Log ind med <name>".
MEDBORGER_OIDC_PROVIDER_NAME = env("MEDBORGER_OIDC_PROVIDER_NAME", default="Microsoft Entra ID")
#: The claim (in the id_token or from the userinfo endpoint) that lists the user's groups, and
#: the one that identifies the person for good (Entra ID: "oid"; others: "sub").
MEDBORGER_OIDC_GROUPS_CLAIM = env("MEDBORGER_OIDC_GROUPS_CLAIM", default="groups")
MEDBORGER_OIDC_SUBJECT_CLAIM = env("MEDBORGER_OIDC_SUBJECT_CLAIM", default="sub")
MEDBORGER_OIDC_USERNAME_CLAIM = env("MEDBORGER_OIDC_USERNAME_CLAIM", default="preferred_username")
#: The provider's groups and the roles they give: "group=Role,group=Role" (a group's id or
#: name as the claim carries it; a role is one of medborger.roles.Role, e.g. Koordinator).
#: At every SSO log-in the user's roles become exactly those their groups map to.
MEDBORGER_OIDC_GROUP_ROLES = env.dict("MEDBORGER_OIDC_GROUP_ROLES", default={})
#: Off (0): staff log in only through single sign-on; the password form then serves only
#: forum members (users whose only role is Forummedlem and who are not linked to SSO).
MEDBORGER_LOCAL_STAFF_PASSWORDS = env.bool("MEDBORGER_LOCAL_STAFF_PASSWORDS", default=True)
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.int("MEDBORGER_OIDC_TIMEOUT_SECONDS", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"


# --- Internationalisation -------------------------------------------------------------------

LANGUAGE_CODE = "da"
#: The languages of the public pages, each named in itself (the language switch shows these
#: names). Adding a language is a catalogue in locale/<code>/ (`make messages` starts it from
#: the public strings) and one line here.
LANGUAGES = [
    ("da", "Dansk"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("ur", "اردو"),
    ("pl", "Polski"),
    ("so", "Soomaali"),
]
#: Staff pages speak only these; another active language falls back to Danish there.
STAFF_LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
#: Date formats for public languages Django has none for (Somali).
FORMAT_MODULE_PATH = ["medborger.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploads are never served as static files; views that check permissions stream them.
MEDIA_URL = "/media-not-served/"
# In production `collectstatic` writes hashed, compressed copies that WhiteNoise serves with
# long cache lifetimes. Tests and the development server read the files where they lie.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
#: The largest request body a view takes unless it says otherwise with
#: `medborger.uploads.request_body_limit` (the hearing form: its attachments and text). A body
#: over the limit is refused from its Content-Length, or cut off while it arrives.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=32 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "medborger.uploads.BodyLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 40 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------

# EMAIL_BACKEND is the *delivery* backend used by the outbox relay. Application code never sends
# directly; it writes an OutboundEmail row (medborger.outbox) in the request's transaction.
# With EMAIL_URL (smtp://user:password@host:587, submission:// for STARTTLS) it is SMTP;
# without, each message is written as a file under var/mail.
MAIL_DIR = VAR_DIR / "mail"
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = MAIL_DIR
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Medborger <noreply@medborger.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=6)
# A row claimed for sending longer ago than this belonged to a worker that died; it is re-queued.
OUTBOX_CLAIM_TIMEOUT_SECONDS = env.int("OUTBOX_CLAIM_TIMEOUT_SECONDS", default=300)
OUTBOX_RELAY_BATCH = env.int("OUTBOX_RELAY_BATCH", default=200)

# --- Celery ---------------------------------------------------------------------------------

REDIS_URL = env("REDIS_URL", default="")
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Tasks are short; a message not acknowledged within this time is delivered again.
        "visibility_timeout": 3600,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        # Publishing gives up at once when Redis is unreachable: the outbox relay delivers
        # later, and a web request never waits for the broker. The worker's own reconnection
        # is governed by broker_connection_max_retries instead.
        "max_retries": 0,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    for _folder in ("queue", "processed", "control"):
        (CELERY_QUEUE_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The one beat schedule. Every periodic task is idempotent: running it twice does no harm.
CELERY_BEAT_SCHEDULE = {
    "outbox-relay": {
        "task": "medborger.outbox_relay",
        "schedule": env.float("OUTBOX_RELAY_INTERVAL_SECONDS", default=30.0),
    },
    # Deadline reminders (medborger/reminders.py): the scan is idempotent, so it may run often.
    "reminders-scan": {
        "task": "medborger.reminders_scan",
        "schedule": env.float("REMINDERS_SCAN_INTERVAL_SECONDS", default=15 * 60.0),
    },
    "reminders-digest": {
        "task": "medborger.reminders_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    # Rate-limit counters and used proof-of-work challenges (medborger/public_forms.py).
    "public-forms-cleanup": {
        "task": "medborger.public_forms_cleanup",
        "schedule": crontab(minute=25),
    },
    # Sign-ups whose e-mailed link was not confirmed in time are released.
    "consultation-signups-expire": {
        "task": "consultation.signups_expire",
        "schedule": env.float("SIGNUP_EXPIRY_SCAN_INTERVAL_SECONDS", default=15 * 60.0),
    },
    "consultation-event-retention": {
        "task": "consultation.event_retention_run",
        "schedule": crontab(hour=3, minute=10),
    },
    "consultation-pending-reports": {
        "task": "consultation.build_pending_hearing_reports",
        "schedule": 60.0,
    },
    "consultation-hearing-analysis": {
        "task": "consultation.hearing_analysis_scan",
        "schedule": env.float("HEARING_ANALYSIS_SCAN_SECONDS", default=5 * 60.0),
    },
    # Feedback e-mails of published hearing reports whose nudge never reached a worker.
    "consultation-pending-feedback": {
        "task": "consultation.send_pending_hearing_feedback",
        "schedule": 5 * 60.0,
    },
    # A hearing's milestone takes its state (upcoming, open, closed) as the clock passes.
    "consultation-hearing-milestones": {
        "task": "consultation.hearing_milestones_sync",
        "schedule": 5 * 60.0,
    },
    "consultation-anonymise-hearings": {
        "task": "consultation.anonymise_hearings",
        "schedule": crontab(hour=3, minute=15),
    },
    "policy-expire-terms-imports": {
        "task": "policy.terms_imports_expire",
        "schedule": crontab(minute=40),
    },
}

# --- Consultation ---------------------------------------------------------------------------

# Attendees' personal data is deleted this many days after an event, unless staff set another
# date on the event.
EVENT_PERSONAL_DATA_RETENTION_DAYS = env.int("EVENT_PERSONAL_DATA_RETENTION_DAYS", default=183)
# At most this many sign-up posts per client address within the window (kept in the database,
# so the limit holds when the cache is down).
EVENT_SIGNUP_RATE_LIMIT = env.int("EVENT_SIGNUP_RATE_LIMIT", default=10)
EVENT_SIGNUP_RATE_WINDOW_MINUTES = env.int("EVENT_SIGNUP_RATE_WINDOW_MINUTES", default=60)
#: A sign-up sent faster than this after the form was shown is taken for a robot's (0: no rule).
EVENT_SIGNUP_MIN_FILL_SECONDS = env.int("EVENT_SIGNUP_MIN_FILL_SECONDS", default=0)
#: A sign-up takes its seat only when the link in its e-mail is confirmed within this time.
EVENT_SIGNUP_CONFIRM_HOURS = env.int("EVENT_SIGNUP_CONFIRM_HOURS", default=24)

# --- Hearings (consultation) ---------------------------------------------------------------

#: Days after a hearing's deadline until respondents' personal data is deleted (editable per
#: hearing).
HEARING_RETENTION_DAYS = env.int("HEARING_RETENTION_DAYS", default=365)
#: Days after a hearing's deadline by which its report is promised (editable per hearing).
HEARING_REPORT_DAYS_AFTER_CLOSE = env.int("HEARING_REPORT_DAYS_AFTER_CLOSE", default=42)
#: A response sent faster than this after the form was shown is flagged for moderation.
HEARING_MIN_FILL_SECONDS = env.int("HEARING_MIN_FILL_SECONDS", default=5)
#: Public responses one address may send within an hour (counted in the database).
HEARING_RATE_LIMIT_PER_HOUR = env.int("HEARING_RATE_LIMIT_PER_HOUR", default=20)
HEARING_RATE_WINDOW_MINUTES = 60
HEARING_RESPONSE_MAX_CHARS = env.int("HEARING_RESPONSE_MAX_CHARS", default=50_000)
#: A report "being built" for longer than this belonged to a worker that died; it is retried.
HEARING_REPORT_STALE_MINUTES = env.int("HEARING_REPORT_STALE_MINUTES", default=30)

# --- Public forms (medborger/public_forms.py) ------------------------------------------------

#: Proof of work (ALTCHA, PBKDF2/SHA-256): iterations per attempt; a browser needs about 256
#: attempts on average, spread over its cores, while the person fills in the form.
PUBLIC_FORM_POW_COST = env.int("PUBLIC_FORM_POW_COST", default=5000)
#: How long a form's proof-of-work challenge is valid (each is accepted once).
PUBLIC_FORM_CHALLENGE_MINUTES = env.int("PUBLIC_FORM_CHALLENGE_MINUTES", default=180)
#: E-mails the public forms send to one address nobody has confirmed, within 24 hours.
PUBLIC_FORM_MAILS_PER_ADDRESS_PER_DAY = env.int("PUBLIC_FORM_MAILS_PER_ADDRESS_PER_DAY", default=3)

# --- Forms and messages ---------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security -------------------------------------------------------------------------------


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


_sso_origins = (
    [_origin(MEDBORGER_OIDC_END_SESSION_ENDPOINT)] if MEDBORGER_OIDC_END_SESSION_ENDPOINT else []
)

# No inline script or style anywhere: scripts carry the request's nonce when they must be
# inline (none do today), everything else comes from this host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Log-out's redirect to the provider's end-session page is a form's target too.
        "form-action": [SELF, *_sso_origins],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
#: How many reverse proxies of our own stand between the visitors and gunicorn. Production
#: assumes one (the TLS proxy): it must append the client's address to X-Forwarded-For and set
#: X-Forwarded-Proto. Every limit reads the client's address through
#: `medborger.http.client_address`; `manage.py check --deploy` refuses a contradiction.
PROXY_COUNT = env.int("PROXY_COUNT", default=0 if DEBUG else 1)
if PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

#: /healthz names the service that is down only for monitoring: requests from these client
#: addresses, or with `Authorization: Bearer <HEALTHZ_TOKEN>`. Anyone else gets the status.
HEALTHZ_ALLOWED_ADDRESSES = env.list("HEALTHZ_ALLOWED_ADDRESSES", default=["127.0.0.1", "::1"])
HEALTHZ_TOKEN = env("HEALTHZ_TOKEN", default="")
#: Browser features no page uses, refused for the site and anything it could embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- Logs and metrics (medborger/logs.py, medborger/metrics.py) ----------------------------

#: `json`: one JSON object per line (python-json-logger), for the log collector; `plain`: lines
#: for a person reading a terminal. Every line carries the request id (or the task's).
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "medborger.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message", "request_id"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # Its "Not Found: <path>" warnings would write tokens of paths (a calendar feed's) to the
        # log; the access line has every status by route. Server errors are still logged.
        "django.request": {"level": "ERROR"},
        # One line per request and per task whatever the root's level (a worker's --loglevel).
        "medborger.access": {"level": "INFO"},
        "medborger.tasks": {"level": "INFO"},
    },
}
# Celery workers and beat use this configuration too (medborger.celery), not their own format.

#: /metrics (Prometheus) answers only these client addresses or `Authorization: Bearer
#: <METRICS_TOKEN>`; to anyone else it does not exist (404). Under gunicorn set
#: PROMETHEUS_MULTIPROC_DIR (see medborger/gunicorn_config.py).
METRICS_ALLOWED_ADDRESSES = env.list("METRICS_ALLOWED_ADDRESSES", default=["127.0.0.1", "::1"])
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# Prometheus scrapes each app server over the private network, where there is no TLS: /metrics
# is not redirected to HTTPS (it still answers only the addresses above or the token).
SECURE_REDIRECT_EXEMPT = [r"^metrics$"]
