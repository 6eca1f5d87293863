"""Settings shared by every environment.

This is the only module that reads the environment (django-environ). The other
modules (dev, test, production) only choose between the values read here.
Every variable is documented in `.env.example`.
"""

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"  # local state for development: database, media, generated keys

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win


def development_secret(name: str) -> str:
    """Return a random secret generated once per checkout and kept in var/.

    Only dev and test use this; production refuses to start without real secrets.
    It must be stable across restarts: MELDKANAAL_KEY encrypts stored reports.
    """
    path = VAR_DIR / f"dev-{name}"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        if name == "meldkanaal-key":
            from cryptography.fernet import Fernet

            value = Fernet.generate_key().decode()
        else:
            value = secrets.token_urlsafe(50)
        path.write_text(value)
        path.chmod(0o600)
    return path.read_text().strip()


# --- Values from the environment -------------------------------------------------

SECRET_KEY = env.str("SECRET_KEY", default="")
# The services production cannot run without; dev, demo and test use embedded defaults for
# what is unset. settings/production.py refuses to start when one of these is empty.
PRODUCTION_REQUIRED = {
    name: env.str(name, default="")
    for name in ("REDIS_URL", "EMAIL_URL", "SITE_URL", "ALLOWED_HOSTS")
}
# Comma-separated Fernet keys; the first encrypts, all decrypt (key rotation).
MELDKANAAL_KEYS = env.list("MELDKANAAL_KEY", default=[])
# Comma-separated keys for the HMAC of follow-up codes; the first hashes new codes, all verify.
MELDKANAAL_CODE_KEYS = env.list("MELDKANAAL_CODE_KEY", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
# Seconds before a silent mail server is given up on (the worker then retries later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="integriteitsplein@provincie.example")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Attachments of reports live outside MEDIA_ROOT: they are never served as media.
MELDKANAAL_STORAGE_ROOT = Path(
    env.str("MELDKANAAL_STORAGE_ROOT", default=str(VAR_DIR / "meldkanaal"))
)
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# When True every page needs a logged-in employee (an intranet); False opens the site.
INTRANET_LOGIN_REQUIRED = env.bool("INTRANET_LOGIN_REQUIRED", default=True)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="integriteit")
# Local times at which the worker sends the teams' notifications of new reports and messages
# (never at the moment of submission: that would date an anonymous report).
MELDKANAAL_NOTIFICATION_TIMES = env.list(
    "MELDKANAAL_NOTIFICATION_TIMES", default=["09:00", "13:00"]
)
MELDKANAAL_RETENTION_DAYS = env.int("MELDKANAAL_RETENTION_DAYS", default=5 * 365)
# All attachments of one report (or one message of a reporter) together, in MB.
MELDKANAAL_MAX_UPLOAD_TOTAL = env.int("MELDKANAAL_MAX_UPLOAD_MB", default=50) * 1024 * 1024
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# Only for `make bench`: a bare Django view at /bench/baseline/ to compare pages with.
BENCH_BASELINE = env.bool("BENCH_BASELINE", default=False)


# --- Applications ----------------------------------------------------------------

INSTALLED_APPS = [
    "integriteitsplein",
    "home",
    "kennisbank",
    "meldkanaal",
    "search",
    "koppelingen",
    "sso",
    "agenda",
    "meedoen",
    "training",
    "vertrouwenspersonen",
    "jaarverslag",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app; its user forms keep the meldpunt's teams for the meldpunt (ADR 0005).
    "meldkanaal.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "wagtail.api.v2",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # The second factor for team members and superusers (integriteitsplein/twofactor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver leaves static files to WhiteNoise too (same headers, compression as deployed).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CSP (django-csp, nonces) and Permissions-Policy on every response; first, so that even a
    # redirect or an error page of a later middleware gets them (docs/adr, CSP).
    "integriteitsplein.middleware.ContentSecurityPolicyMiddleware",
    # Above WhiteNoise, so that the stylesheet and scripts also travel compressed where
    # WhiteNoise has no pre-compressed copy (development). Django's GZip adds random
    # padding against BREACH; responses WhiteNoise already compressed pass unchanged.
    "django.middleware.gzip.GZipMiddleware",
    "integriteitsplein.middleware.NoBogusContentEncodingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Who acts, for the meldkanaal's checks on team members' accounts (meldkanaal/acting.py).
    "meldkanaal.acting.ActingUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "integriteitsplein.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Checks now and then that a sign-in at the identity provider still stands (sso/).
    "sso.middleware.ProviderSessionRefresh",
    # The site of each request, and the meldkanaal form's route, kept per process under the
    # page cache's generation (integriteitsplein/routememo.py, ADR 0025).
    "integriteitsplein.routememo.RouteMemoMiddleware",
    "integriteitsplein.middleware.IntranetLoginMiddleware",
    "integriteitsplein.middleware.SecondFactorMiddleware",
    "integriteitsplein.middleware.AdminSearchCapMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: pages' HTML per page, variant and audience, personal bits filled per request
    # (integriteitsplein/pagecache.py, ADR 0019).
    "integriteitsplein.pagecache.PageCacheMiddleware",
]

ROOT_URLCONF = "integriteitsplein.urls"
WSGI_APPLICATION = "integriteitsplein.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "meldkanaal.context_processors.meldkanaal",
                "integriteitsplein.context_processors.reader",
            ],
        },
    },
]


# --- Data ------------------------------------------------------------------------

DATABASES = {
    "default": (
        env.db_url_config(DATABASE_URL)
        if DATABASE_URL
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "db.sqlite3"}
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default takes concurrent reports: readers never wait for the writer (WAL),
    # a transaction takes the write lock when it begins (no "database is locked" when two
    # upgrade from read to write at once), and a writer waits up to 20 s for another.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = 60 if DATABASE_URL else 0
# A connection kept across requests is tested first: after a database restart the first
# request gets a new connection instead of a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Short socket timeouts: a Redis that hangs must not hold a request. The meldkanaal's
# submission path needs no cache: a failing one answers as a miss (integriteitsplein/
# cache_backend.py).
REDIS_TIMEOUT_SECONDS = 0.5
CACHES = {
    "default": (
        {
            # RedisCache that logs and answers "miss" when Redis is down or hangs.
            "BACKEND": "integriteitsplein.cache_backend.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Mail runs in a worker process: `manage.py db_worker` (django-tasks'
# database backend, django-tasks-db); `make run` starts it beside the server, deploy/ shows it
# as its own service. Wagtail's own small tasks (search index and reference index of a saved
# page) stay immediate, so a page is findable as soon as it is published, also without a worker.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "worker": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Both backends search in Dutch (stems, no accents, synonyms): see search/backends/ and
# docs/adr/0004-dutch-search-analysis.md.
_search_backend = (
    {
        "BACKEND": "search.backends.elasticsearch",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX_PREFIX": "integriteitsplein_",
        "TIMEOUT": 10,
    }
    if ELASTICSEARCH_URL
    else {"BACKEND": "search.backends.database"}
)
WAGTAILSEARCH_BACKENDS = {"default": _search_backend}
# The rows of a ranked search statement, kept this long per statement and change of the site
# (search/result_cache.py, ADR 0030); 0: every search asks the database.
SEARCH_RESULT_CACHE_SECONDS = env.int("SEARCH_RESULT_CACHE_SECONDS", default=60)
# On PostgreSQL, read a plain word's ranks from the table a trigger keeps beside Wagtail's
# index (search/wordrank.py, ADR 0033); False ranks every match live, as before.
SEARCH_WORD_RANKS = env.bool("SEARCH_WORD_RANKS", default=True)

EMAIL_CONFIG = env.email_url_config(EMAIL_URL)
vars().update(EMAIL_CONFIG)


# --- Users and access ------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# Where the meldkanaal lives, written once: the form page's slug (load_demo), the reporter's
# own pages below it (integriteitsplein/urls.py), cookie paths, the open paths below, the
# access log filter, links in templates ({{ meldkanaal_url }}) and search's fallback.
MELDKANAAL_PATH = "/melden/"
# Paths open without logging in when INTRANET_LOGIN_REQUIRED is on: the login page,
# the meldkanaal (external reporters may report a misstand too), the Wagtail admin
# (it has its own login) and static files.
INTRANET_PUBLIC_PATHS = [
    "/inloggen/",
    "/sso/",
    # The read API and the private feeds check their own key or session (koppelingen).
    "/api/",
    "/feeds/",
    MELDKANAAL_PATH,
    "/admin/",
    "/static/",
    "/favicon.ico",
    "/robots.txt",
]
CSRF_FAILURE_VIEW = "integriteitsplein.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
# Sessions of people who use the admin or read reports end after 30 minutes without a
# request and after 8 hours in all (SessionTimeoutMiddleware). A password change ends the
# person's other sessions (Django checks the password hash in each session).
SESSION_IDLE_SECONDS = 30 * 60
SESSION_MAX_SECONDS = 8 * 60 * 60
# The name people see in their authenticator app.
OTP_TOTP_ISSUER = "Integriteitsplein"
# Read from the cache, written to the database (integriteitsplein/sessions.py): one query
# less per page, and a cache outage falls back to the database.
SESSION_ENGINE = "integriteitsplein.sessions"
SESSION_COOKIE_SAMESITE = "Lax"


# --- Content-Security-Policy and browser permissions (ADR "Content-Security-Policy") -----

# Videos in the kennisbank come from these (EmbedBlock); nothing else is framed.
CSP_VIDEO_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
# The site, the meldkanaal and the case views: scripts and styles only from files of this
# site, or an inline one with this response's nonce; never 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": CSP_VIDEO_SOURCES,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# What Wagtail 8's admin needs on top (integriteitsplein.middleware replaces these
# directives under /admin/): inline <script> in its widget and panel templates and inline
# style attributes in its JavaScript components; blob: image previews before an upload;
# the preview panel frames the page from this site.
ADMIN_CONTENT_SECURITY_POLICY = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'", *CSP_VIDEO_SOURCES],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"


# --- Page cache (integriteitsplein/pagecache.py, ADR 0019) ----------------------------

PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# At most this long, and never past midnight (the date is in the key as well): bounds what a
# missed signal or a time of day (an event that has started) can leave.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Query parameters that make a variant of a page; a request with any other is not cached.
PAGE_CACHE_QUERY_PARAMETERS = ["op", "pagina", "a", "b", "stap"]
# Variants (query strings) stored per page and generation: anyone can make up `?pagina=` or
# `?op=` values, and each would otherwise be a page of HTML in Redis for 10 minutes.
PAGE_CACHE_VARIANTS_PER_PAGE = env.int("PAGE_CACHE_VARIANTS_PER_PAGE", default=100)
# Never looked up nor stored; only Wagtail's pages are ever stored anyway.
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    MELDKANAAL_PATH,
    "/zoeken/",
    "/inloggen/",
    "/uitloggen/",
    "/sso/",
    "/documenten/",
    "/media/",
    "/static/",
    "/api/",
    "/feeds/",
    "/peiling/",
    "/bench/",
]
# Exact paths that are looked up and stored although an excluded path above covers them: the
# meldkanaal's empty form (its page type opts in too; tokens filled per response, ADR 0025).
# Everything below it (confirmation, follow-up) stays excluded.
PAGE_CACHE_INCLUDED_PATHS = [MELDKANAAL_PATH]
# Page types of these apps are never stored, wherever they are in the tree, unless the page
# type itself says `page_cache = True` (the report form, ADR 0025).
PAGE_CACHE_EXCLUDED_APPS = ["meldkanaal"]
# Sites, and the routes of page types that ask, kept per process under the page cache's
# generation (integriteitsplein/routememo.py, ADR 0025).
ROUTE_MEMO_ENABLED = env.bool("ROUTE_MEMO_ENABLED", default=True)


# --- Language and time -----------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands")]
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands")]


# --- Static and media ------------------------------------------------------------

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
# integriteitsplein/static is found as an app's folder; listing it here too made every
# file there a duplicate in collectstatic.
STATICFILES_DIRS = [
    # The one stylesheet (css/site.css): NL Design System components and tokens in use plus the
    # site's own CSS from assets/css/, built by `make css` (assets/build-css.mjs, not
    # committed; docs/adr/0020).
    BASE_DIR / "assets/dist",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
# Wagtail's editor sends a field per block value, so a long page needs thousands; more is
# refused with a 400 (templates/400.html). The meldkanaal's forms allow only their own
# fields (meldkanaal/forms.py).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Report attachments stream into an encrypted temporary file (never memory, never plain
# text on disk); the admin's uploads use Django's usual handlers (see meldkanaal/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "meldkanaal.uploads.MeldkanaalUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]


# --- Wagtail ---------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Integriteitsplein"
WAGTAILADMIN_USER_LOGIN_FORM = "integriteitsplein.forms.AdminLoginForm"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILIMAGES_IMAGE_MODEL = "kennisbank.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "kennisbank.CustomDocument"
# Upload forms that check the content of the file (a whole image; a PDF that is a PDF).
WAGTAILIMAGES_IMAGE_FORM_BASE = "kennisbank.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "kennisbank.forms.DocumentForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents are served through Django so Wagtail's privacy rules and the intranet login apply,
# always as a download (attachment) with Wagtail's CSP "default-src 'none'"; never from /media/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAIL_DATE_FORMAT = "%d-%m-%Y"
WAGTAIL_DATETIME_FORMAT = "%d-%m-%Y %H:%M"
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: it would send a hash of every editor's e-mail address to an outside service.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_COMMENTS_ENABLED = True


# Error e-mails and debug pages of a meldkanaal request show nothing of the report or the
# reporter (no POST, files, user, address, local variables): meldkanaal/errors.py.
DEFAULT_EXCEPTION_REPORTER = "meldkanaal.errors.MeldkanaalExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "meldkanaal.errors.MeldkanaalExceptionReporterFilter"


# --- Logging ---------------------------------------------------------------------
# Request logs never include bodies or addresses; the meldkanaal's filter drops the exception
# text of a meldkanaal request, which could quote what was sent (meldkanaal/errors.py).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"meldkanaal": {"()": "meldkanaal.errors.HideMeldkanaalDetails"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["meldkanaal"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # django.request logs the path of 4xx/5xx responses; keep it at errors only.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Task runs and page publications are in Wagtail's own history; no need to log each.
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "wagtail": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}


# --- Koppelingen: the read API and private feeds ---------------------------------------------

# Requests per koppeling (or employee) to /api/v2/, counted in the shared cache.
KOPPELINGEN_RATE = env.str("KOPPELINGEN_RATE", default="600/min")
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILAPI_LIMIT_MAX = 50
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}


# --- Single sign-on with the province's identity provider (OpenID Connect) --------------------
# Off unless OIDC_RP_CLIENT_ID is set; `make run` needs none of it. README: "Inloggen met je
# provincie-account" has a working Keycloak example.

OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the hint that ends the session at the provider on logout
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env.int("OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS", default=15 * 60)
OIDC_AUTHENTICATE_CLASS = "sso.views.AuthenticationRequestView"
OIDC_CALLBACK_CLASS = "sso.views.CallbackView"
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/?sso=mislukt"
# The claim with the person's groups at the provider, and which group gives which role.
# Medewerker comes with every sign-in; meldkanaal teams never come from here.
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
# The claim with the person's department (mandatory-training counts per afdeling); empty: none.
OIDC_DEPARTMENT_CLAIM = env.str("OIDC_DEPARTMENT_CLAIM", default="department")
OIDC_ROLE_MAPPING = env.dict(
    "OIDC_ROLE_MAPPING",
    default={
        "Redactie": "integriteitsplein-redactie",
        "Coördinator": "integriteitsplein-coordinator",
    },
)
# amr values (RFC 8176) or acr values that mean the provider asked for a second factor.
OIDC_MFA_AMR = env.list("OIDC_MFA_AMR", default=["mfa", "otp", "hwk", "swk", "sms", "fpt", "face"])
OIDC_MFA_ACR = env.list("OIDC_MFA_ACR", default=[])
# With single sign-on a province may switch off passwords for everyone but superusers.
LOCAL_LOGIN_FOR_EMPLOYEES = env.bool("LOCAL_LOGIN_FOR_EMPLOYEES", default=True)
if OIDC_ENABLED and OIDC_OP_LOGOUT_ENDPOINT:
    # Logging out is a form POST answered with a redirect to the provider's end-session
    # endpoint; browsers hold such a redirect to the CSP's form-action as well.
    _provider = urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [
        *CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
        f"{_provider.scheme}://{_provider.netloc}",
    ]
AUTHENTICATION_BACKENDS = [
    # Permissions only, in one query (integriteitsplein/auth.py); logs no one in.
    "integriteitsplein.auth.OneQueryPermissionsBackend",
    "sso.backends.ProvincieOIDCBackend",
    "sso.backends.LocalLoginBackend",
    # Being in a meldkanaal team gives the admin and the counts (answers has_perm only).
    "meldkanaal.auth.TeamBackend",
    # Being a vertrouwenspersoon gives the admin for the kwestieregistratie (has_perm only).
    "vertrouwenspersonen.auth.VertrouwenspersoonBackend",
]
