from django.apps import AppConfig


class JaarverslagConfig(AppConfig):
    name = "jaarverslag"
    verbose_name = "Jaarverslag"

    def ready(self):
        from wagtail.signals import page_published

        from . import figures
        from .models import JaarverslagPage

        page_published.connect(
            figures.freeze_on_first_publish, sender=JaarverslagPage, dispatch_uid="jaarverslag"
        )
