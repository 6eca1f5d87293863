"""The outbox: content-free e-mails, stored first, sent only by the background worker.

Nothing is mailed inside a request: a request only writes an outbox row (Notificatie). The
worker (`manage.py db_worker`, django-tasks' database backend) sends:
- what dates a report (a new report, a reporter's message, the reminders) in batches at fixed
  times of day (MELDKANAAL_NOTIFICATION_TIMES), never at the moment of submission: the e-mail's
  time then says the batch, not when the reporter wrote (issue 11: no clock on reports). No task
  row is made at submission either; each batch schedules the next one.
- the rest (membership changes, a pass-on: moments the audit log records anyway) at once.
Each row is sent under a row lock and marked sent in the same transaction, with a Message-ID
made from the row, so two workers never send it twice and a retry is recognisable. A failure
waits with growing pauses (RETRY_MINUTES) instead of being retried by every request.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from django_tasks import task, task_backends

from ..constants import NEARLY_DUE_DAYS, NotificatieSoort
from ..models import Melding, Notificatie, Rol, Team

logger = logging.getLogger("meldkanaal.services")


def _admin_url() -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/meldkanaal/melding/"


_TEXTS = {
    NotificatieSoort.NIEUW: (
        "Nieuwe melding {nummer}",
        "Er is een nieuwe melding {nummer} voor jullie team.",
    ),
    NotificatieSoort.DOORGEZET: (
        "Melding {nummer} doorgezet naar jullie team",
        "Melding {nummer} is doorgezet naar jullie team.",
    ),
    NotificatieSoort.MELDER_BERICHT: (
        "Nieuw bericht bij melding {nummer}",
        "De melder van {nummer} heeft een bericht gestuurd.",
    ),
}


# Kinds whose sending moment would date a report: they wait for the next batch.
BATCHED = frozenset(
    {NotificatieSoort.NIEUW, NotificatieSoort.MELDER_BERICHT, NotificatieSoort.HERINNERING}
)
RETRY_MINUTES = (1, 5, 15, 60, 240)  # pauses after the 1st, 2nd, ... failure; then the last


def queue_notification(team: Team, melding: Melding, soort: str) -> Notificatie:
    """Put a content-free e-mail in the outbox (the worker sends it; see the module text)."""
    subject, line = _TEXTS[soort]
    notificatie = Notificatie.objects.create(
        team=team,
        soort=soort,
        nummer=melding.nummer,
        onderwerp=subject.format(nummer=melding.nummer),
        tekst=f"{line.format(nummer=melding.nummer)}\n\n"
        f"Bekijk de melding in de beheeromgeving: {_admin_url()}\n\n"
        "Deze e-mail bevat met opzet geen inhoud van de melding.",
    )
    if soort not in BATCHED:
        transaction.on_commit(enqueue_sending)
    return notificatie


def enqueue_sending() -> None:
    try:
        send_notifications_task.enqueue()
    except Exception as error:  # the outbox keeps it; the next batch sends it
        logger.warning("Versturen van notificaties niet gestart: %s", type(error).__name__)


WORKER = "worker"  # the task backend that the worker process runs (settings.TASKS)


@task(backend=WORKER)
def send_notifications_task() -> int:
    """The kinds that need not wait for a batch (membership changes, pass-ons)."""
    sent = send_pending_notifications(include_batched=False)
    _schedule_retry()
    return sent


@task(backend=WORKER)
def send_batch_task() -> int:
    """A batch at one of the fixed times: schedule the next one first, then send everything."""
    schedule_next_batch(force=True)
    sent = send_pending_notifications()
    _schedule_retry()
    return sent


@task(backend=WORKER)
def send_retry_task() -> int:
    sent = send_pending_notifications()
    _schedule_retry()
    return sent


def next_batch_time(now: datetime.datetime | None = None) -> datetime.datetime:
    """The first of MELDKANAAL_NOTIFICATION_TIMES (local "HH:MM") after `now`."""
    now = timezone.localtime(now or timezone.now())
    candidates = []
    for day in (now.date(), now.date() + datetime.timedelta(days=1)):
        for value in settings.MELDKANAAL_NOTIFICATION_TIMES:
            hour, minute = (int(part) for part in value.split(":"))
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
            if at > now:
                candidates.append(at)
    return min(candidates)


def _pending_tasks(task_object):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=task_object.module_path)


def _deferrable() -> bool:
    return task_backends[WORKER].supports_defer and "django_tasks_db" in settings.INSTALLED_APPS


def schedule_next_batch(force: bool = False) -> bool:
    """Make sure the next batch is queued (at migrate, by the worker's batches, by
    meldkanaal_verzend). Never called from a request: the task row's time says the batch."""
    if not _deferrable():
        return False
    if not force and _pending_tasks(send_batch_task).exists():
        return False
    send_batch_task.using(run_after=next_batch_time()).enqueue()
    return True


def _schedule_retry() -> None:
    """Failed rows wait for their next attempt; one retry task, unless the batch comes first."""
    if not _deferrable():
        return
    waiting = Notificatie.objects.filter(
        verzonden_op__isnull=True, volgende_poging__isnull=False
    ).order_by("volgende_poging")
    first = waiting.values_list("volgende_poging", flat=True).first()
    if first is None or first >= next_batch_time() or _pending_tasks(send_retry_task).exists():
        return
    send_retry_task.using(run_after=first).enqueue()


def _recipients(notificatie: Notificatie) -> list[str]:
    """The active members of the team (or only its beheerders) with an e-mail address."""
    leden = notificatie.team.lidmaatschappen.filter(actief=True, gebruiker__is_active=True)
    if notificatie.alleen_beheerders:
        leden = leden.filter(rol=Rol.BEHEERDER)
    adressen = leden.exclude(gebruiker__email="").values_list("gebruiker__email", flat=True)
    return sorted(set(adressen))


def _message_id(notificatie: Notificatie) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<meldkanaal-notificatie-{notificatie.pk}@{domain}>"


def send_pending_notifications(include_batched: bool = True, now_all: bool = False) -> int:
    """Send what is in the outbox and due; a failure waits for its next attempt. Returns sent.

    Runs in the worker only. Each row: locked (a second worker skips it), sent, marked sent,
    in one transaction; EMAIL_TIMEOUT bounds a mail server that does not answer. `now_all`
    (meldkanaal_verzend, by hand) also sends what waits for its next attempt.
    """
    now = timezone.now()
    due = Notificatie.objects.filter(verzonden_op__isnull=True)
    if not now_all:
        due = due.exclude(volgende_poging__gt=now)
    if not include_batched:
        due = due.exclude(soort__in=BATCHED)
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            notificatie = (
                Notificatie.objects.select_for_update(skip_locked=True)
                .select_related("team")
                .filter(pk=pk, verzonden_op__isnull=True)
                .first()
            )
            if notificatie is None:
                continue  # sent meanwhile, or another worker holds it
            notificatie.pogingen += 1
            try:
                recipients = _recipients(notificatie)
                if not recipients:
                    raise ValueError("team heeft geen e-mailadressen")
                EmailMessage(
                    notificatie.onderwerp,
                    notificatie.tekst,
                    settings.DEFAULT_FROM_EMAIL,
                    recipients,
                    headers={"Message-ID": _message_id(notificatie)},
                ).send()
            except Exception as error:  # any mail failure: wait, then try again
                pause = RETRY_MINUTES[min(notificatie.pogingen, len(RETRY_MINUTES)) - 1]
                notificatie.volgende_poging = now + datetime.timedelta(minutes=pause)
                notificatie.laatste_fout = f"{type(error).__name__}"[:200]
                notificatie.save(update_fields=["pogingen", "laatste_fout", "volgende_poging"])
                logger.warning(
                    "Notificatie %s niet verstuurd (%s)", notificatie.pk, type(error).__name__
                )
                continue
            notificatie.verzonden_op = timezone.localdate()
            notificatie.laatste_fout = ""
            notificatie.volgende_poging = None
            notificatie.save(
                update_fields=["pogingen", "laatste_fout", "verzonden_op", "volgende_poging"]
            )
            sent += 1
    return sent


def queue_reminders(today: datetime.date | None = None) -> int:
    """One content-free e-mail per team listing its reports near or past a deadline."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=NEARLY_DUE_DAYS)
    per_team: dict[int, list[Melding]] = {}
    for melding in Melding.objects.open().met_termijn().filter(volgende_termijn__lte=horizon):
        per_team.setdefault(melding.team_id, []).append(melding)
    created = 0
    for team_id, meldingen in per_team.items():
        lines = []
        for melding in sorted(meldingen, key=lambda m: m.volgende_termijn):
            what = (
                "ontvangst bevestigen"
                if melding.ontvangst_bevestigd_op is None
                else "terugkoppeling geven"
            )
            late = " (te laat)" if melding.volgende_termijn < today else ""
            lines.append(
                f"- {melding.nummer}: {what} vóór {melding.volgende_termijn:%d-%m-%Y}{late}"
            )
        Notificatie.objects.create(
            team_id=team_id,
            soort=NotificatieSoort.HERINNERING,
            onderwerp=f"Herinnering: {len(meldingen)} melding(en) met een termijn",
            tekst="Deze meldingen van jullie team hebben binnenkort een termijn, "
            "of de termijn is voorbij:\n\n"
            + "\n".join(lines)
            + f"\n\nBekijk ze in de beheeromgeving: {_admin_url()}",
        )
        created += 1
    return created
