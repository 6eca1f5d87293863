"""The outbox: content-free e-mails, stored first and sent after the transaction commits."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from django_tasks import task

from ..constants import NEARLY_DUE_DAYS, NotificatieSoort
from ..models import Melding, Notificatie

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


def queue_notification(team: Group, melding: Melding, soort: str) -> Notificatie:
    """Put a content-free e-mail in the outbox; it is sent once the transaction commits."""
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
    transaction.on_commit(_enqueue_sending)
    return notificatie


def _enqueue_sending() -> None:
    try:
        send_notifications_task.enqueue()
    except Exception as error:  # the outbox keeps it; meldkanaal_verzend retries
        logger.warning("Versturen van notificaties niet gestart: %s", type(error).__name__)


@task()
def send_notifications_task() -> int:
    return send_pending_notifications()


def _recipients(team: Group) -> list[str]:
    users = get_user_model().objects.filter(groups=team, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def send_pending_notifications() -> int:
    """Send what is in the outbox; a failure leaves it there for the next run. Returns sent."""
    sent = 0
    pending = Notificatie.objects.filter(verzonden_op__isnull=True).select_related("team")
    for notificatie in pending:
        notificatie.pogingen += 1
        recipients = _recipients(notificatie.team)
        try:
            if not recipients:
                raise ValueError("team heeft geen e-mailadressen")
            send_mail(
                notificatie.onderwerp,
                notificatie.tekst,
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
        except Exception as error:  # any mail failure: keep it for the next run
            notificatie.laatste_fout = f"{type(error).__name__}"[:200]
            notificatie.save(update_fields=["pogingen", "laatste_fout"])
            logger.warning(
                "Notificatie %s niet verstuurd (%s)", notificatie.pk, type(error).__name__
            )
            continue
        notificatie.verzonden_op = timezone.localdate()
        notificatie.laatste_fout = ""
        notificatie.save(update_fields=["pogingen", "laatste_fout", "verzonden_op"])
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


def notify_membership_change(team: Group, users, added: bool) -> None:
    """Tell a team when someone joins or leaves it (content-free, after commit).

    Whoever is in a team reads its reports, and a superuser can put anyone in a group, also
    themselves. The team hears of it at once and can object.
    """
    names = ", ".join(sorted(user.get_username() for user in users))
    if not names:
        return
    what = "toegevoegd aan" if added else "verwijderd uit"
    Notificatie.objects.create(
        team=team,
        soort=NotificatieSoort.TEAMLID,
        onderwerp=f"Wijziging in {team.name}",
        tekst=f"Account {names} is {what} {team.name}.\n\n"
        "Wie in het team zit, kan de meldingen van het team lezen. Klopt deze wijziging "
        "niet? Meld het dan meteen bij de integriteitscoördinator.",
    )
    transaction.on_commit(_enqueue_sending)


def on_group_membership_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed of User.groups: a team is told about every member added or removed."""
    if action == "pre_clear":
        # Before the rows go: remember which teams lose this member (or which members).
        instance._meldkanaal_cleared = (
            list(instance.user_set.all()) if reverse else list(instance.groups.all())
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    added = action == "post_add"
    from .access import teams  # access does not import this module; kept local anyway

    team_ids = {team.pk for team in teams()}
    if action == "post_clear":
        cleared = getattr(instance, "_meldkanaal_cleared", [])
        pairs = [(instance, u) for u in cleared] if reverse else [(g, instance) for g in cleared]
    elif reverse:  # group.user_set.add(...)
        pairs = [(instance, user) for user in model.objects.filter(pk__in=pk_set)]
    else:  # user.groups.add(...)
        pairs = [(group, instance) for group in model.objects.filter(pk__in=pk_set)]
    per_team: dict[Group, list] = {}
    for group, user in pairs:
        if group.pk in team_ids:
            per_team.setdefault(group, []).append(user)
    for team, users in per_team.items():
        notify_membership_change(team, users, added)
