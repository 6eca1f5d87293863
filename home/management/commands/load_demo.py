import importlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home import demo as home_demo
from integriteitsplein import twofactor

# Each app owns its demo content in <app>/demo.py with `load(home, accounts) -> dict`;
# the dict names pages the home page links to (report_page, contact_page, ...).
APP_DEMOS = [
    "kennisbank.demo",
    "meldkanaal.demo",
    "search.demo",
    "agenda.demo",
    "meedoen.demo",
    "training.demo",
]
# After those: the kwestieregistratie, then the yearly reports that count what they made.
APP_DEMOS += ["vertrouwenspersonen.demo", "jaarverslag.demo"]


class Command(BaseCommand):
    help = "Vult de site met een demo-Integriteitsplein en demo-accounts (alleen met DEBUG)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo weigert te draaien zonder DEBUG: demo-accounts met een bekend "
                "wachtwoord horen niet op een echte site."
            )
        with transaction.atomic():
            accounts = home_demo.load_accounts()
            home = home_demo.load_home()
            pages = {}
            for module_name in APP_DEMOS:
                module = importlib.import_module(module_name)
                pages.update(module.load(home, accounts) or {})
            home_demo.link_home(home, pages)
            # Accounts that need a second factor get an app with the known demo secret.
            # Read afresh: the apps' demos put accounts in teams after load_accounts.
            second_factor = [
                user.username
                for user in get_user_model().objects.filter(is_active=True).order_by("username")
                if twofactor.needs_second_factor(user) and twofactor.give_demo_device(user)
            ]

        self.stdout.write(self.style.SUCCESS("Demo-inhoud geladen."))
        self.stdout.write(f"Accounts (wachtwoord: {settings.DEMO_PASSWORD}):")
        for username, description in home_demo.ROLE_DESCRIPTIONS.items():
            self.stdout.write(f"  {username:<12} {description}")
        self.stdout.write(
            f"Tweede stap voor {', '.join(second_factor)}: de code van nu geeft "
            "`.venv/bin/python manage.py demo_totp <gebruikersnaam>`, of zet de sleutel "
            f"{twofactor.DEMO_TOTP_SECRET} in een authenticator-app."
        )
