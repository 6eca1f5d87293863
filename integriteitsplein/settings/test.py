"""Tests: fast hashing, plain static files, immediate tasks, a throw-away media folder."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHES, MELDKANAAL_CODE_KEYS, MELDKANAAL_KEYS, REDIS_URL

DEBUG = False
# Local-memory cache and e-mail are intended here (integriteitsplein/checks.py).
EMBEDDED_SERVICES = True
SECRET_KEY = "test-only-secret-key-not-for-any-real-deployment"  # noqa: S105
# A fixed key for tests: the values are throw-away, but must decrypt within a run.
MELDKANAAL_KEYS = MELDKANAAL_KEYS or ["WGHeAdi5xMlzZfU1RB4YGJr0jSSVDtzBVLfIfiigDOw="]
MELDKANAAL_CODE_KEYS = MELDKANAAL_CODE_KEYS or ["test-only-code-key"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
_tmp = Path(tempfile.mkdtemp(prefix="integriteitsplein-test-"))
MEDIA_ROOT = _tmp / "media"
MELDKANAAL_STORAGE_ROOT = _tmp / "meldkanaal"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once in tests (no worker needed); tests/meldkanaal/test_outbox.py also runs
# the real database backend with a worker in-process.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "worker": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = _tmp / "static"
STATIC_ROOT.mkdir(parents=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# pytest-xdist runs one process per worker (PYTEST_XDIST_WORKER = gw0, gw1, …). Tests empty
# the cache (Redis FLUSHDB empties a whole database), so each worker gets its own Redis
# database: the one in REDIS_URL plus the worker's number. Media and the database are
# already per worker (the folder above, pytest-django's _gw0 suffix).
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):
    _url = urlsplit(REDIS_URL)
    _db = int(_url.path.strip("/") or 0) + int(_worker[2:])
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_db}"))
