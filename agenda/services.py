"""What employees and organisers do with the agenda, each in one transaction.

The event row is locked while a registration changes, so two employees cannot both take
the last place, and a cancellation hands its place to the first on the waiting list in the
same transaction. E-mails go out through a task after the commit, never inside a request.
"""

import datetime
import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from agenda.constants import EedVorm, Status
from agenda.models import Aanmelding, Ambtseed, EventPage

logger = logging.getLogger(__name__)

ACTIVE = (Status.AANGEMELD, Status.WACHTLIJST)
# "New" employees for the oath count: joined within this many days.
NEW_EMPLOYEE_DAYS = 365


class AanmeldFout(Exception):
    """A registration change that is refused; the message is Dutch and shown as is."""


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y \\o\\m H:i")


def card_states(user, event_ids) -> dict[int, tuple[str, int]]:
    """Per session: the reader's status ('' when none) and how many are registered, for the
    cards of a listing: two queries for all of them."""
    counts = dict(
        Aanmelding.objects.filter(event__in=event_ids, status=Status.AANGEMELD)
        .values("event")
        .annotate(n=Count("pk"))
        .values_list("event", "n")
    )
    mine = {}
    if user.is_authenticated and event_ids:
        mine = dict(
            Aanmelding.objects.filter(
                user=user, event__in=event_ids, status__in=ACTIVE
            ).values_list("event_id", "status")
        )
    return {pk: (mine.get(pk, ""), counts.get(pk, 0)) for pk in event_ids}


def event_state(event: EventPage, user, now: datetime.datetime | None = None) -> dict:
    """Everything the event page shows about registering, in three queries at most."""
    now = now or timezone.now()
    counts = event.aanmeldingen.aggregate(
        aangemeld=Count("pk", filter=Q(status=Status.AANGEMELD)),
        wachtlijst=Count("pk", filter=Q(status=Status.WACHTLIJST)),
    )
    mine = None
    position = None
    if user.is_authenticated:
        mine = event.aanmeldingen.filter(user=user, status__in=ACTIVE).first()
        if mine and mine.status == Status.WACHTLIJST:
            position = (
                event.aanmeldingen.filter(status=Status.WACHTLIJST)
                .filter(
                    Q(aangemeld_op__lt=mine.aangemeld_op)
                    | Q(aangemeld_op=mine.aangemeld_op, pk__lt=mine.pk)
                )
                .count()
                + 1
            )
    return {
        "aangemeld_count": counts["aangemeld"],
        "wachtlijst_count": counts["wachtlijst"],
        "places_left": event.places_left(counts["aangemeld"]),
        "registration_open": event.registration_open(now),
        "is_past": event.is_past(now),
        "has_started": now >= event.start,
        "mijn_aanmelding": mine,
        "wachtlijst_plek": position,
    }


def _locked_event(event_id) -> EventPage:
    try:
        event_id = int(event_id)
        return EventPage.objects.select_for_update().get(pk=event_id, live=True)
    except (TypeError, ValueError, EventPage.DoesNotExist):
        raise AanmeldFout("Deze bijeenkomst bestaat niet (meer).") from None


def _registered_count(event: EventPage) -> int:
    return event.aanmeldingen.filter(status=Status.AANGEMELD).count()


def _fill_places(event: EventPage, now: datetime.datetime) -> list[Aanmelding]:
    """Move the waiting list up while places are free (until the session starts)."""
    if now >= event.start:
        return []
    free = event.places_left(_registered_count(event))
    waiting = event.aanmeldingen.filter(status=Status.WACHTLIJST).order_by("aangemeld_op", "pk")
    moved = list(waiting if free is None else waiting[:free])
    for aanmelding in moved:
        aanmelding.status = Status.AANGEMELD
        aanmelding.save(update_fields=["status", "gewijzigd_op"])
    for aanmelding in moved:
        transaction.on_commit(lambda pk=aanmelding.pk: _enqueue_moved_up_mail(pk))
    return moved


def _enqueue_moved_up_mail(aanmelding_id: int) -> None:
    from agenda.tasks import mail_moved_up

    try:
        mail_moved_up.enqueue(aanmelding_id)
    except Exception as error:  # the place is theirs anyway; "Mijn aanmeldingen" shows it
        logger.warning("E-mail over de wachtlijst niet gestart: %s", type(error).__name__)


@transaction.atomic
def register(
    event_id, user, *, wachtlijst: bool = False, now: datetime.datetime | None = None
) -> Aanmelding:
    """Register the user for a place, or (when asked) for the waiting list of a full event."""
    now = now or timezone.now()
    event = _locked_event(event_id)
    if event.is_past(now):
        raise AanmeldFout("Deze bijeenkomst is al voorbij. Aanmelden kan niet meer.")
    if not event.registration_enabled:
        raise AanmeldFout("Voor deze bijeenkomst meld je je niet aan via het Integriteitsplein.")
    if not event.registration_open(now):
        raise AanmeldFout(
            f"Aanmelden kon tot {_when(event.registration_closes_at)}. Het is nu gesloten."
        )
    existing = Aanmelding.objects.filter(event=event, user=user).first()
    if existing and existing.status == Status.AANGEMELD:
        raise AanmeldFout("Je bent al aangemeld voor deze bijeenkomst.")
    if existing and existing.status == Status.WACHTLIJST:
        raise AanmeldFout("Je staat al op de wachtlijst voor deze bijeenkomst.")

    _fill_places(event, now)  # places an editor added go to those waiting first
    places = event.places_left(_registered_count(event))
    if places == 0 and not wachtlijst:
        raise AanmeldFout(
            "Deze bijeenkomst is vol. Je bent niet aangemeld. "
            "Wil je op de wachtlijst? Kies dan ‘Zet me op de wachtlijst’."
        )
    status = Status.AANGEMELD if places != 0 else Status.WACHTLIJST
    aanmelding = existing or Aanmelding(event=event, user=user)
    aanmelding.status = status
    aanmelding.aangemeld_op = now
    aanmelding.aanwezig = None
    aanmelding.save()
    return aanmelding


@transaction.atomic
def cancel(event_id, user, *, now: datetime.datetime | None = None) -> list[Aanmelding]:
    """Cancel the user's place or waiting-list spot; returns who moved up into a place."""
    now = now or timezone.now()
    event = _locked_event(event_id)
    aanmelding = Aanmelding.objects.filter(event=event, user=user, status__in=ACTIVE).first()
    if aanmelding is None:
        raise AanmeldFout("Je bent niet aangemeld voor deze bijeenkomst.")
    if now >= event.start:
        raise AanmeldFout("Deze bijeenkomst is al begonnen. Afmelden kan niet meer.")
    aanmelding.status = Status.AFGEMELD
    aanmelding.save(update_fields=["status", "gewijzigd_op"])
    return _fill_places(event, now)


def my_registrations(user, now: datetime.datetime | None = None) -> dict:
    """'Mijn aanmeldingen': coming sessions, sessions attended, and the own oath."""
    now = now or timezone.now()
    rows = list(
        Aanmelding.objects.filter(user=user, event__live=True)
        .exclude(status=Status.AFGEMELD)
        .select_related("event")
        .order_by("event__start")
    )
    return {
        "komend": [row for row in rows if not row.event.is_past(now)],
        "geweest": [
            row
            for row in reversed(rows)
            if row.event.is_past(now) and row.status == Status.AANGEMELD
        ],
        "ambtseed": Ambtseed.objects.filter(user=user).first(),
    }


# --- the organiser ---------------------------------------------------------------------------


def attendees(event: EventPage):
    """Registered and waiting, in the order they registered, with their accounts."""
    return (
        event.aanmeldingen.filter(status__in=ACTIVE)
        .select_related("user")
        .order_by("status", "aangemeld_op", "pk")
    )


@transaction.atomic
def record_attendance(
    event: EventPage,
    present: Iterable,
    eden: dict,
    door,
    *,
    now: datetime.datetime | None = None,
) -> int:
    """Record who attended and, for an oath session, who took the eed or the belofte.

    `present` holds registration ids, `eden` maps a registration id to "eed", "belofte" or
    "". Every id must be a registration (place, not waiting) of this session; otherwise
    nothing is changed. Returns the number of oaths recorded for the session.
    """
    now = now or timezone.now()
    if now < event.start:
        raise AanmeldFout("Aanwezigheid leg je vast als de bijeenkomst begonnen is.")
    rows = {
        row.pk: row
        for row in event.aanmeldingen.select_for_update()
        .filter(status=Status.AANGEMELD)
        .select_related("user")
    }
    try:
        present_ids = {int(value) for value in present}
        oath_ids = {int(key): value for key, value in eden.items()}
    except (TypeError, ValueError):
        raise AanmeldFout("De lijst klopt niet meer. Laad de pagina opnieuw.") from None
    if not present_ids <= rows.keys() or not oath_ids.keys() <= rows.keys():
        raise AanmeldFout(
            "Eén of meer deelnemers horen niet (meer) bij deze bijeenkomst. "
            "Er is niets opgeslagen. Laad de pagina opnieuw."
        )
    if any(value not in ("", *EedVorm.values) for value in oath_ids.values()):
        raise AanmeldFout("Kies bij de ambtseed ‘eed’, ‘belofte’ of niets.")
    if event.is_oath_session and any(oath_ids.get(pk) and pk not in present_ids for pk in rows):
        raise AanmeldFout("Wie de eed of belofte aflegde, was ook aanwezig. Vink ‘aanwezig’ aan.")

    existing = {
        eed.user_id: eed
        for eed in Ambtseed.objects.select_for_update().filter(
            user__in=[row.user_id for row in rows.values()]
        )
    }
    for pk, row in rows.items():
        row.aanwezig = pk in present_ids
        row.save(update_fields=["aanwezig", "gewijzigd_op"])
        if not event.is_oath_session:
            continue
        vorm = oath_ids.get(pk, "")
        eed = existing.get(row.user_id)
        if eed is not None and eed.bijeenkomst_id not in (None, event.pk):
            continue  # sworn at another session: that record stands
        if vorm:
            Ambtseed.objects.update_or_create(
                user=row.user,
                defaults={
                    "vorm": vorm,
                    "afgelegd_op": timezone.localtime(event.start).date(),
                    "bijeenkomst": event,
                    "vastgelegd_door": door,
                },
            )
        elif eed is not None and eed.bijeenkomst_id == event.pk:
            eed.delete()  # a correction: not sworn at this session after all
    return Ambtseed.objects.filter(bijeenkomst=event).count()


def oath_register():
    """The register for HR: everyone who took the oath or pledge, newest first."""
    return Ambtseed.objects.select_related("user", "bijeenkomst").order_by("-afgelegd_op", "pk")


def new_employees_without_oath(now: datetime.datetime | None = None) -> int:
    """How many employees who joined within a year have no oath recorded (a number only)."""
    since = (now or timezone.now()) - datetime.timedelta(days=NEW_EMPLOYEE_DAYS)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, date_joined__gte=since)
        .filter(ambtseed__isnull=True)
        .count()
    )
