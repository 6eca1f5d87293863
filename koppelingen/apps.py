from django.apps import AppConfig


class KoppelingenConfig(AppConfig):
    """What other parts of the intranet read from the plein: the read API and private feeds."""

    name = "koppelingen"
    verbose_name = "Koppelingen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 - connects the cache invalidation
