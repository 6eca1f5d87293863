from django.apps import AppConfig


class VertrouwenspersonenConfig(AppConfig):
    name = "vertrouwenspersonen"
    verbose_name = "Vertrouwenspersonen"

    def ready(self):
        from integriteitsplein import twofactor

        from . import accounts
        from .access import is_vertrouwenspersoon

        accounts.connect_signals()
        # Their rows are as confidential as a report: the second factor before any admin page.
        twofactor.require_second_factor_for(is_vertrouwenspersoon)
