from django.core.management.base import BaseCommand

from meldkanaal.memberships import warn_about_routes_to_nobody


class Command(BaseCommand):
    help = (
        "Dagelijks: waarschuwt de beheerders van de teams als een route of een open melding "
        "bij een team ligt zonder actieve leden (niemand kan de meldingen dan lezen)."
    )

    def handle(self, *args, **options):
        problems = warn_about_routes_to_nobody()
        for problem in problems:
            self.stdout.write(problem)
        if not problems:
            self.stdout.write("Elke route en elke open melding heeft een lezer.")
