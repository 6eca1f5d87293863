from django.core.management.base import BaseCommand, CommandError

from meldkanaal.models import AuditLog, Beveiligingsregel
from meldkanaal.models.chain import broken_links


class Command(BaseCommand):
    help = (
        "Controleert de hashketen van het auditlog en het beveiligingslog: meldt elke regel die "
        "is gewijzigd of waarvan de regel ervoor is verwijderd. Stopt met code 1 bij een breuk."
    )

    def handle(self, *args, **options):
        problems = []
        for model in (AuditLog, Beveiligingsregel):
            found = broken_links(model)
            problems += found
            if not found:
                count = model.objects.count()
                self.stdout.write(f"{model._meta.verbose_name_plural}: {count} regels, keten heel.")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"De keten is gebroken ({len(problems)} melding(en)).")
