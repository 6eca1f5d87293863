from django.core.management.base import BaseCommand

from meldkanaal.models import Notificatie
from meldkanaal.services.notifications import schedule_next_batch, send_pending_notifications


class Command(BaseCommand):
    help = (
        "Verstuurt nu alle e-mails in de wachrij van het meldkanaal (ook wat op een volgende "
        "poging wacht) en plant de volgende vaste verzendronde in als die ontbreekt. Gewoonlijk "
        "doet de worker (manage.py db_worker) dit vanzelf."
    )

    def handle(self, *args, **options):
        sent = send_pending_notifications(now_all=True)
        schedule_next_batch()
        waiting = Notificatie.objects.filter(verzonden_op__isnull=True).count()
        self.stdout.write(f"{sent} e-mail(s) verstuurd, {waiting} wacht(en) nog.")
