from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from vertrouwenspersonen.models import Vertrouwenspersoon


class Command(BaseCommand):
    help = (
        "Maakt een account vertrouwenspersoon (of haalt de rol weg met --uit). Alleen op de "
        "server: een beheerder van de site kan dit niet in de admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")
        parser.add_argument("--uit", action="store_true", help="de rol beëindigen")

    def handle(self, gebruikersnaam, uit=False, **options):
        user = get_user_model().objects.filter(username=gebruikersnaam).first()
        if user is None:
            raise CommandError(f"Er is geen account '{gebruikersnaam}'.")
        if user.is_superuser and not uit:
            raise CommandError(
                "Een beheerder van de site (superuser) kan geen vertrouwenspersoon zijn: "
                "gebruik een gewoon account."
            )
        if uit:
            Vertrouwenspersoon.objects.filter(gebruiker=user).update(actief=False)
            self.stdout.write(f"{gebruikersnaam} is geen vertrouwenspersoon meer.")
            return
        Vertrouwenspersoon.objects.update_or_create(gebruiker=user, defaults={"actief": True})
        self.stdout.write(
            f"{gebruikersnaam} is vertrouwenspersoon; bij de volgende keer inloggen in de admin "
            "stelt die de tweede stap in."
        )
