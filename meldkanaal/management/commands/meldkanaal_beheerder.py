from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from meldkanaal.memberships import bootstrap_beheerder


class Command(BaseCommand):
    help = (
        "Maakt een account beheerder van een meldpuntteam (het team wordt zo nodig gemaakt). "
        "Voor de installatie: daarna beheren de beheerders hun team in Meldkanaal → Teams. "
        "De beheerders van het team krijgen er een e-mail over."
    )

    def add_arguments(self, parser):
        parser.add_argument("team", help="naam van het team, bijv. 'Meldpunt integriteit'")
        parser.add_argument("gebruikersnaam")

    def handle(self, *args, team, gebruikersnaam, **options):
        if not get_user_model().objects.filter(username=gebruikersnaam).exists():
            raise CommandError(f"Er is geen account met de gebruikersnaam ‘{gebruikersnaam}’.")
        lid = bootstrap_beheerder(team, gebruikersnaam)
        self.stdout.write(f"{gebruikersnaam} is beheerder van {lid.team.naam}.")
