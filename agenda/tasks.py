"""Mail of the agenda, sent by the task worker after the transaction committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.formats import date_format

from django_tasks import task

from agenda.constants import Status
from agenda.models import Aanmelding

# The database queue that `manage.py db_worker` runs (settings.TASKS), as the meldkanaal's mail.
WORKER = "worker"


@task(backend=WORKER)
def mail_moved_up(aanmelding_id: int) -> bool:
    """Tell an employee that a place came free and is now theirs. False when not sent."""
    aanmelding = Aanmelding.objects.select_related("event", "user").filter(pk=aanmelding_id).first()
    if aanmelding is None or aanmelding.status != Status.AANGEMELD or not aanmelding.user.email:
        return False  # cancelled again in the meantime, or nobody to write to
    event = aanmelding.event
    start = timezone.localtime(event.start)
    place = event.location or "online"
    send_mail(
        f"Er is een plaats vrij: je bent aangemeld voor {event.title}",
        f"Beste {aanmelding.user.first_name or aanmelding.user.get_username()},\n\n"
        f"Iemand heeft zich afgemeld voor ‘{event.title}’. Jij stond op de wachtlijst en bent "
        f"nu aangemeld.\n\n"
        f"Wanneer: {date_format(start, 'l j F Y, H:i')} uur\n"
        f"Waar: {place}\n\n"
        f"Kun je toch niet? Meld je dan af, zodat de volgende op de wachtlijst je plaats "
        f"krijgt: {event.get_full_url()}\n\n"
        f"Groet,\nHet Integriteitsplein",
        settings.DEFAULT_FROM_EMAIL,
        [aanmelding.user.email],
    )
    return True
