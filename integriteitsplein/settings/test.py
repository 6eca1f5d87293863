"""Tests: fast hashing, plain static files, immediate tasks, a throw-away media folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import MELDKANAAL_CODE_KEYS, MELDKANAAL_KEYS

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
