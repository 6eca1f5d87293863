"""The outbox: content-free e-mails, stored first, sent only by the background worker.

Nothing is mailed inside a request: a request only writes an outbox row (Notificatie). The
worker (`manage.py db_worker`, django-tasks' database backend) sends:
- what dates a report (a new report, a reporter's message, the reminders) in batches at fixed
  times of day (MELDKANAAL_NOTIFICATION_TIMES), never at the moment of submission: the e-mail's
  time then says the batch, not when the reporter wrote (issue 11: no clock on reports). No task
  row is made at submission either; each batch schedules the next one.
- the rest (membership changes, a pass-on: moments the audit log records anyway) at once.
Exactly once where SMTP allows it: a row is first claimed (an attempt id and a lease,
committed), then handed to the mail server, then marked sent; while the database is away after
the mail server accepted, the worker keeps retrying the mark instead of sending again. Only a
worker that stops between the mail server's "accepted" and that mark (SIGKILL, power loss) or a
connection lost after the server took the message but before its answer arrived leaves a row
that is sent again after its lease, with the same Message-ID (docs/reliability.md). A failure
waits with growing pauses (RETRY_MINUTES) instead of being retried by every request.
"""

import contextlib
import datetime
import logging
import time
import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

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
    schedule_retry()
    return sent


@task(backend=WORKER)
def send_batch_task() -> int:
    """A batch at one of the fixed times: schedule the next one first, then send everything.

    Not forced: when another batch is queued already (the worker's recovery after an outage,
    migrate, meldkanaal_verzend), the chains join into one instead of doubling."""
    schedule_next_batch()
    sent = send_pending_notifications()
    schedule_retry()
    return sent


@task(backend=WORKER)
def send_retry_task() -> int:
    sent = send_pending_notifications()
    schedule_retry()
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
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    # Queued, due now or later (ready() would leave out those waiting for their time).
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=task_object.module_path
    )


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


def schedule_retry() -> None:
    """Failed rows wait for their next attempt; one retry task, unless the batch comes first."""
    if not _deferrable():
        return
    waiting = Notificatie.objects.filter(
        verzonden_op__isnull=True, volgende_poging__isnull=False
    ).order_by("volgende_poging")
    first = waiting.values_list("volgende_poging", flat=True).first()
    if first is None or first >= next_batch_time():
        return
    if _pending_tasks(send_retry_task).filter(run_after__lte=first).exists():
        return
    send_retry_task.using(run_after=first).enqueue()


def _recipients(notificatie: Notificatie) -> list[str]:
    """The active members of the team (or only its beheerders) with an e-mail address.

    A mail about one case (a new report, a pass-on, a reporter's message) skips the members
    excluded from that case (ADR 0017): whoever the reporter or the team kept out of it is
    not told when it moves. Read at sending time, so an exclusion made before the batch counts.
    """
    leden = notificatie.team.lidmaatschappen.filter(actief=True, gebruiker__is_active=True)
    if notificatie.alleen_beheerders:
        leden = leden.filter(rol=Rol.BEHEERDER)
    if notificatie.nummer:
        leden = leden.exclude(
            gebruiker__meldkanaal_uitsluitingen__melding__nummer=notificatie.nummer
        )
    adressen = leden.exclude(gebruiker__email="").values_list("gebruiker__email", flat=True)
    return sorted(set(adressen))


def _message_id(notificatie: Notificatie) -> str:
    """The same for every attempt at one row, and different per installation (SECRET_KEY):
    a mail sent twice (see the module text) carries one Message-ID, which mail servers and
    clients can fold into one, and a test system's row 5 never matches production's."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    tag = salted_hmac("meldkanaal.notificatie.message-id", str(notificatie.pk)).hexdigest()[:16]
    return f"<meldkanaal-notificatie-{notificatie.pk}.{tag}@{domain}>"


# A claimed row is not sent again before its lease ends: long enough for a slow send
# (EMAIL_TIMEOUT per SMTP step) and for MARK_RETRY_SECONDS, the time a worker keeps trying to
# write "sent" after the mail server accepted the mail while the database was away.
LEASE = datetime.timedelta(minutes=15)
MARK_RETRY_SECONDS = (0.5, 1, 2, 5, 10, 20, 30, 60, 60, 120, 120, 120, 120)  # 11 min in all


def _claim(pk: int, now: datetime.datetime, now_all: bool) -> Notificatie | None:
    """Step 1: take the row for one attempt, committed before anything is sent.

    Row-locked (a second worker skips it; SQLite's immediate transactions serialise). A row
    claimed by another attempt is left alone until that claim's lease ends, also by hand.
    """
    with transaction.atomic():
        notificatie = (
            Notificatie.objects.select_for_update(skip_locked=True)
            .select_related("team")
            .filter(pk=pk, verzonden_op__isnull=True)
            .first()
        )
        if notificatie is None:
            return None  # sent meanwhile, or another worker holds the lock
        waiting = notificatie.volgende_poging is not None and notificatie.volgende_poging > now
        if waiting and (notificatie.verzendpoging or not now_all):
            return None  # being sent under a lease, or waiting for its next attempt
        if notificatie.verzendpoging:
            # An attempt claimed it and never said how it ended (its worker stopped between
            # claiming and marking): it may have been delivered. Sent again, with the same
            # Message-ID, rather than never (docs/reliability.md: the at-least-once window).
            logger.warning(
                "Notificatie %s: verzendpoging %s niet afgerond; opnieuw (mogelijk dubbel)",
                notificatie.pk,
                notificatie.pogingen,
            )
        notificatie.pogingen += 1
        notificatie.verzendpoging = uuid.uuid4().hex
        notificatie.volgende_poging = now + LEASE
        notificatie.save(update_fields=["pogingen", "verzendpoging", "volgende_poging"])
    return notificatie


def _send(notificatie: Notificatie) -> None:
    """Step 2: hand the mail to the mail server (outside any transaction, no lock held)."""
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


def _reconnect() -> None:
    with contextlib.suppress(Exception):
        connection.close()


def _mark_sent(notificatie: Notificatie) -> None:
    """Step 3: the mail server accepted it; write "sent", and keep trying while the database
    is away (a restart, a failover) instead of forgetting that it went out."""
    pauses = () if connection.in_atomic_block else MARK_RETRY_SECONDS
    for pause in (*pauses, None):
        try:
            Notificatie.objects.filter(pk=notificatie.pk, verzonden_op__isnull=True).update(
                verzonden_op=timezone.localdate(),
                laatste_fout="",
                volgende_poging=None,
                verzendpoging="",
            )
            return
        except (OperationalError, InterfaceError) as error:
            if pause is None:
                raise
            logger.warning(
                "Notificatie %s verstuurd, maar nog niet als verstuurd vastgelegd (%s); "
                "opnieuw over %s s",
                notificatie.pk,
                type(error).__name__,
                pause,
            )
            _reconnect()
            time.sleep(pause)


def _mark_failed(notificatie: Notificatie, error: Exception, now: datetime.datetime) -> None:
    pause = RETRY_MINUTES[min(notificatie.pogingen, len(RETRY_MINUTES)) - 1]
    Notificatie.objects.filter(pk=notificatie.pk, verzendpoging=notificatie.verzendpoging).update(
        volgende_poging=now + datetime.timedelta(minutes=pause),
        laatste_fout=f"{type(error).__name__}"[:200],
        verzendpoging="",
    )
    logger.warning("Notificatie %s niet verstuurd (%s)", notificatie.pk, type(error).__name__)


def send_pending_notifications(include_batched: bool = True, now_all: bool = False) -> int:
    """Send what is in the outbox and due; a failure waits for its next attempt. Returns sent.

    Runs in the worker only, one row at a time in three steps: claim (committed), send, mark
    sent (retried while the database is away). EMAIL_TIMEOUT bounds a mail server that does
    not answer. `now_all` (meldkanaal_verzend, by hand) also sends what waits for its next
    attempt, but never a row another worker is sending.
    """
    now = timezone.now()
    due = Notificatie.objects.filter(verzonden_op__isnull=True)
    if not now_all:
        due = due.exclude(volgende_poging__gt=now)
    if not include_batched:
        due = due.exclude(soort__in=BATCHED)
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        notificatie = _claim(pk, timezone.now(), now_all)
        if notificatie is None:
            continue
        try:
            _send(notificatie)
        except Exception as error:  # any mail failure: wait, then try again
            _mark_failed(notificatie, error, timezone.now())
            continue
        _mark_sent(notificatie)
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
