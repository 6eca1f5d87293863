"""Production refuses to run on embedded services; the entry points default to production."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import run_checks

import pytest

from integriteitsplein.checks import embedded_services_in_production

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("REDIS_URL", "EMAIL_URL", "SITE_URL", "ALLOWED_HOSTS")
COMPLETE = {
    "SECRET_KEY": "x" * 60,
    "MELDKANAAL_KEY": "WGHeAdi5xMlzZfU1RB4YGJr0jSSVDtzBVLfIfiigDOw=",
    "MELDKANAAL_CODE_KEY": "y" * 48,
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://127.0.0.1:1025",
    "SITE_URL": "https://intranet.provincie.example",
    "ALLOWED_HOSTS": "intranet.provincie.example",
}


def _run(code_or_args, extra_env, settings_module="integriteitsplein.settings.production"):
    env = {k: v for k, v in os.environ.items() if k not in {*COMPLETE, "DJANGO_SETTINGS_MODULE"}}
    if settings_module:
        env["DJANGO_SETTINGS_MODULE"] = settings_module
    env.update(extra_env)
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", SERVICES)
def test_production_names_each_missing_service(missing):
    env = {k: v for k, v in COMPLETE.items() if k != missing}

    result = _run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "not set: " + missing in result.stderr


def test_production_starts_with_a_complete_environment():
    result = _run(["manage.py", "check"], COMPLETE)

    assert result.returncode == 0, result.stderr


def test_wsgi_defaults_to_production_settings():
    # No DJANGO_SETTINGS_MODULE and no services: the production settings refuse to start.
    result = _run(["-c", "import integriteitsplein.wsgi"], {}, settings_module=None)

    assert result.returncode != 0
    assert "Production settings need" in result.stderr
    assert "REDIS_URL" in result.stderr


def test_asgi_defaults_to_production_settings():
    result = _run(["-c", "import integriteitsplein.asgi"], COMPLETE, settings_module=None)

    assert result.returncode == 0, result.stderr


def test_check_refuses_a_local_memory_cache_and_console_mail_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.EMBEDDED_SERVICES = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    ids = {error.id for error in embedded_services_in_production()}

    assert ids == {"integriteitsplein.E001", "integriteitsplein.E002"}
    assert {e.id for e in run_checks()} >= ids


def test_check_accepts_redis_and_smtp(settings):
    settings.DEBUG = False
    settings.EMBEDDED_SERVICES = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    assert embedded_services_in_production() == []


def test_database_connections_are_checked_before_reuse(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
