from django.core.management.base import BaseCommand

from meldkanaal.services import queue_reminders, send_pending_notifications


class Command(BaseCommand):
    help = (
        "Waarschuwt teams (zonder inhoud) voor meldingen waarvan een termijn bijna "
        "of al voorbij is. Dagelijks draaien."
    )

    def handle(self, *args, **options):
        teams = queue_reminders()
        sent = send_pending_notifications()
        self.stdout.write(f"Herinneringen voor {teams} team(s); {sent} e-mail(s) verstuurd.")
