"""Production: real services from the environment; refuses to start without secrets or
without the services it needs (integriteitsplein/checks.py also refuses embedded ones)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASE_URL,
    MELDKANAAL_CODE_KEYS,
    MELDKANAAL_KEYS,
    PRODUCTION_REQUIRED,
    SECRET_KEY,
)

DEBUG = False

_missing = [
    name
    for name, value in [
        ("SECRET_KEY", SECRET_KEY),
        ("MELDKANAAL_KEY", MELDKANAAL_KEYS),
        ("MELDKANAAL_CODE_KEY", MELDKANAAL_CODE_KEYS),
        ("DATABASE_URL", DATABASE_URL),
        # Without Redis each worker has its own cache (one-time tokens and throttles stop
        # working across workers); without EMAIL_URL notifications would go to the console.
        *PRODUCTION_REQUIRED.items(),
    ]
    if not value
]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables, which are not set: "
        + ", ".join(_missing)
        + ". See .env.example."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
