from django.conf import settings
from django.core.management.base import BaseCommand

from meldkanaal.models.tokens import delete_old_form_tokens
from meldkanaal.services import clean_up


class Command(BaseCommand):
    help = (
        "Verwijdert inhoud, identiteit, berichten en bijlagen van meldingen die langer dan "
        "MELDKANAAL_RETENTION_DAYS gesloten zijn; de registerregel blijft. Dagelijks draaien."
    )

    def handle(self, *args, **options):
        count = clean_up()
        days = settings.MELDKANAAL_RETENTION_DAYS
        self.stdout.write(f"{count} melding(en) opgeschoond (bewaartermijn {days} dagen).")
        tokens = delete_old_form_tokens()
        self.stdout.write(f"{tokens} gebruikte formuliertoken(s) van eergisteren of eerder weg.")
