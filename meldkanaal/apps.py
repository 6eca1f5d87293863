from django.apps import AppConfig


class MeldkanaalConfig(AppConfig):
    name = "meldkanaal"
    verbose_name = "Meldkanaal"
