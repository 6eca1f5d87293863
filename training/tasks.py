"""Reminder mail for mandatory training, sent by the task worker after the commit."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from django_tasks import task

from kennisbank.models import ELearningPage
from training.models import Afronding

# The database queue that `manage.py db_worker` runs (settings.TASKS), as the agenda's mail.
WORKER = "worker"


@task(backend=WORKER)
def mail_reminder(user_id: int, module_ids: list[int]) -> bool:
    """Remind an employee of the mandatory modules they have not done. False when not sent."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    done = set(Afronding.objects.filter(user=user).values_list("module_id", flat=True))
    modules = [
        module
        for module in ELearningPage.objects.live().filter(pk__in=module_ids).order_by("title")
        if module.pk not in done
    ]
    if not modules:
        return False  # done in the meantime
    lines = "\n".join(f"- {module.title}: {module.get_full_url()}" for module in modules)
    count = "een verplichte training" if len(modules) == 1 else "verplichte trainingen"
    send_mail(
        f"Herinnering: {count} nog te doen",
        f"Beste {user.first_name or user.get_username()},\n\n"
        f"Volgens het Integriteitsplein heb je {count} nog niet gedaan:\n\n{lines}\n\n"
        "Heb je een e-learning al gedaan? Vink hem dan af op de pagina ervan. Een training "
        "met een bijeenkomst legt de organisator vast.\n\n"
        "Groet,\nDe integriteitscoördinator",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    return True
