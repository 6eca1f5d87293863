from django.core.management.base import BaseCommand
from django.db import transaction

from meldkanaal.models import Bericht, Bijlage, Heropening, Melding

MELDING_FIELDS = ["beschrijving", "antwoorden", "naam", "contact", "uitkomst_toelichting"]


class Command(BaseCommand):
    help = (
        "Versleutelt alle meldingen, berichten en bijlagen opnieuw met de eerste sleutel "
        "in MELDKANAAL_KEY. Daarna kunnen de oude sleutels uit de lijst."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for melding in Melding.objects.all():
                melding.save(update_fields=MELDING_FIELDS)
            for bericht in Bericht.objects.all():
                bericht.save(update_fields=["tekst"])
            for heropening in Heropening.objects.all():
                heropening.save(update_fields=["reden"])
            for bijlage in Bijlage.objects.all():
                bijlage.herversleutel()
                bijlage.save(update_fields=["bestandsnaam"])
        self.stdout.write("Alles is opnieuw versleuteld met de nieuwste sleutel.")
