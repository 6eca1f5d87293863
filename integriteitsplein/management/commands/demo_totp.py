from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from integriteitsplein import twofactor


class Command(BaseCommand):
    help = (
        "Toont de code van nu voor de tweede stap van een demo-account (alleen voor een app "
        "met de bekende demo-sleutel uit load_demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")

    def handle(self, *args, gebruikersnaam, **options):
        user = get_user_model().objects.filter(username=gebruikersnaam).first()
        code = twofactor.demo_code(user) if user else None
        if code is None:
            # Only the public demo secret: for a real person's app this command knows nothing.
            raise CommandError(
                f"{gebruikersnaam!r} heeft geen app met de demo-sleutel. Draai eerst load_demo."
            )
        self.stdout.write(code)
