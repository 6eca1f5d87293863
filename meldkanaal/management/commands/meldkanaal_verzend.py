from django.core.management.base import BaseCommand

from meldkanaal.models import Notificatie
from meldkanaal.services import send_pending_notifications


class Command(BaseCommand):
    help = "Verstuurt de e-mails in de wachtrij van het meldkanaal (elk kwartier draaien)."

    def handle(self, *args, **options):
        sent = send_pending_notifications()
        waiting = Notificatie.objects.filter(verzonden_op__isnull=True).count()
        self.stdout.write(f"{sent} e-mail(s) verstuurd, {waiting} wacht(en) nog.")
