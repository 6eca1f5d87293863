from django.apps import AppConfig


class KoppelingenConfig(AppConfig):
    """What other parts of the intranet read from the plein: the read API and private feeds."""

    name = "koppelingen"
    verbose_name = "Koppelingen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()  # the cache invalidation, per model that the API shows
