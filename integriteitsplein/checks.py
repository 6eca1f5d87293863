"""System checks: a deployment with DEBUG off must use real services.

A local-memory cache is one cache per worker process (one-time form tokens and throttles then
stop working across workers); console, locmem, file or dummy e-mail "sends" notifications
that nobody receives while the outbox marks them sent. The dev, demo and test settings use
them on purpose and say so with EMBEDDED_SERVICES = True; production never does.
"""

from django.conf import settings
from django.core.checks import Error, Warning, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
UNDELIVERED_EMAIL = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)


@register()
def embedded_services_in_production(app_configs=None, **kwargs):
    if settings.DEBUG or getattr(settings, "EMBEDDED_SERVICES", False):
        return []
    errors = []
    cache_backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if cache_backend in PROCESS_LOCAL_CACHES:
        errors.append(
            Error(
                f"The default cache is {cache_backend.rsplit('.', 1)[-1]} while DEBUG is off.",
                hint="Set REDIS_URL: one-time tokens and throttles must be shared by all workers.",
                id="integriteitsplein.E001",
            )
        )
    if settings.EMAIL_BACKEND in UNDELIVERED_EMAIL:
        errors.append(
            Error(
                f"E-mail goes to {settings.EMAIL_BACKEND.rsplit('.', 2)[-2]} while DEBUG is off.",
                hint="Set EMAIL_URL to a real mail server (smtp:// or smtp+tls://).",
                id="integriteitsplein.E002",
            )
        )
    return errors


@register()
def stylesheet_built(app_configs=None, **kwargs):
    """Every page links css/site.css, built by `make css` (not committed; docs/adr/0020).

    A warning, not an error: manage.py commands (migrate, makemigrations) must still run in a
    checkout without Node.js; `check --deploy --fail-level WARNING` in CI fails on it.
    """
    from django.contrib.staticfiles import finders

    if finders.find("css/site.css"):
        return []
    return [
        Warning(
            "The stylesheet css/site.css has not been built: every page would be unstyled.",
            hint="Run `make css` (npm run build:css); `make install` does it too.",
            id="integriteitsplein.W003",
        )
    ]
