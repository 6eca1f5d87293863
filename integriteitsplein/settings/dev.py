"""Local development: everything embedded (SQLite, local-memory cache, console e-mail)."""

from .base import *  # noqa: F403
from .base import MELDKANAAL_CODE_KEYS, MELDKANAAL_KEYS, SECRET_KEY, development_secret

DEBUG = True
# Local-memory cache and console e-mail are intended here (integriteitsplein/checks.py).
EMBEDDED_SERVICES = True
SECRET_KEY = SECRET_KEY or development_secret("secret-key")
MELDKANAAL_KEYS = MELDKANAAL_KEYS or [development_secret("meldkanaal-key")]
MELDKANAAL_CODE_KEYS = MELDKANAAL_CODE_KEYS or [development_secret("meldkanaal-code-key")]
# Plain storage: no collectstatic needed for runserver.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves straight from the app and vendor folders: no collectstatic in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
