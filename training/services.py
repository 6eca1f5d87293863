"""Mandatory training: marking done, recording, the employee's own list and the counts.

Counts leave this module masked with the meldkanaal's small-cell rules
(`meldkanaal.services.statistics.suppress_tables` / `shown_count`): a count of 1-4 is "<5",
and a count that would give a small one away is "*". The Jaarverslag reads
`completion_counts(jaar)`.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from agenda.services import NEW_EMPLOYEE_DAYS
from integriteitsplein import roles
from kennisbank.constants import Audience, LearningForm
from kennisbank.models import ELearningPage
from meldkanaal.services.statistics import HIDDEN_COUNT, shown_count, suppress_tables
from training.models import Afdeling, Afronding, Bron, Profiel

# Online modules are marked done by the employee; classroom ones by the organiser.
SELF_MARKED_FORMS = (LearningForm.ONLINE, LearningForm.VIDEO)
NO_DEPARTMENT = "Afdeling niet bekend"
NOT_DONE = "Nog niet gedaan"


class TrainingFout(Exception):
    """A change that is refused; the message is Dutch and shown as is."""


def set_department_from_provider(user, claim) -> Afdeling | None:
    """Take the department the identity provider names (settings.OIDC_DEPARTMENT_CLAIM).

    Sent at every sign-in, so a move to another department shows at the next one. An absent
    or empty claim leaves a department a coordinator set by hand alone. Names are matched
    without regard to case or spacing, so "Team  Financiën" does not become a second department.
    """
    if isinstance(claim, list | tuple):  # some providers send a list; the first is the main one
        claim = next((value for value in claim if isinstance(value, str) and value.strip()), "")
    if not isinstance(claim, str):
        return None
    naam = " ".join(claim.split())[: Afdeling._meta.get_field("naam").max_length]
    if not naam:
        return None
    afdeling = Afdeling.objects.filter(naam__iexact=naam).first()
    if afdeling is None:
        try:
            with transaction.atomic():
                afdeling = Afdeling.objects.create(naam=naam)
        except IntegrityError:  # made by a sign-in at the same moment
            afdeling = Afdeling.objects.get(naam__iexact=naam)
    Profiel.objects.update_or_create(user=user, defaults={"afdeling": afdeling})
    return afdeling


def day_label(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def mandatory_modules():
    """The live modules marked mandatory, by title."""
    return ELearningPage.objects.live().filter(mandatory=True).order_by("title", "pk")


def can_mark_self(module: ELearningPage) -> bool:
    return module.form in SELF_MARKED_FORMS


# --- who must follow a module ----------------------------------------------------------------


def employees():
    """Active accounts with the role Medewerker (every employee has it; see roles.py)."""
    return get_user_model().objects.filter(is_active=True, groups__name=roles.MEDEWERKER)


def required_users(module: ELearningPage, now: datetime.datetime | None = None):
    """The employees a mandatory module is for, by its audience."""
    users = employees()
    if module.audience == Audience.LEIDINGGEVENDEN:
        users = users.filter(profiel__leidinggevende=True)
    elif module.audience == Audience.NIEUWE_MEDEWERKERS:
        since = (now or timezone.now()) - datetime.timedelta(days=NEW_EMPLOYEE_DAYS)
        users = users.filter(date_joined__gte=since)
    return users


def is_required_for(module: ELearningPage, user) -> bool:
    return (
        module.mandatory
        and user.is_authenticated
        and required_users(module).filter(pk=user.pk).exists()
    )


# --- the employee ---------------------------------------------------------------------------


def completion(user, module: ELearningPage) -> Afronding | None:
    if not user.is_authenticated:
        return None
    return Afronding.objects.filter(user=user, module=module).first()


def mark_done(user, module_id, *, today: datetime.date | None = None) -> tuple[Afronding, bool]:
    """The employee marks an online mandatory module done. Returns (row, created); a second
    time returns the first row unchanged."""
    try:
        module = ELearningPage.objects.live().get(pk=int(module_id))
    except (TypeError, ValueError, ELearningPage.DoesNotExist):
        raise TrainingFout("Deze training bestaat niet (meer).") from None
    if not module.mandatory:
        raise TrainingFout("Deze training is niet verplicht. Je hoeft niets af te vinken.")
    if not can_mark_self(module):
        raise TrainingFout(
            "Dit is een training met een bijeenkomst. De organisator legt vast dat je hem "
            "gevolgd hebt; dat kun je niet zelf doen."
        )
    existing = completion(user, module)
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            row = Afronding.objects.create(
                user=user,
                module=module,
                gedaan_op=today or timezone.localdate(),
                bron=Bron.ZELF,
                vastgelegd_door=user,
            )
    except IntegrityError:  # a double click that raced the first
        return Afronding.objects.get(user=user, module=module), False
    return row, True


def my_trainings(user) -> dict:
    """'Mijn trainingen': the mandatory modules for the user, done or not, and the other
    modules they completed."""
    done = {
        row.module_id: row
        for row in Afronding.objects.filter(user=user, module__live=True).select_related("module")
    }
    required = []
    for module in mandatory_modules():
        if is_required_for(module, user) or module.pk in done:
            required.append({"module": module, "afronding": done.pop(module.pk, None)})
    return {
        "verplicht": required,
        "open_count": sum(1 for row in required if row["afronding"] is None),
        "overig": sorted(done.values(), key=lambda row: row.gedaan_op, reverse=True),
    }


# --- the organiser ---------------------------------------------------------------------------


def _check_date(gedaan_op: datetime.date) -> None:
    if gedaan_op > timezone.localdate():
        raise TrainingFout("De datum ligt in de toekomst. Kies de dag waarop de training was.")


@transaction.atomic
def record(module: ELearningPage, users, gedaan_op: datetime.date, door, **extra) -> int:
    """Record that these employees completed the module; existing records stay as they are.
    Returns how many were new."""
    _check_date(gedaan_op)
    users = list(users)
    have = set(
        Afronding.objects.filter(module=module, user__in=users).values_list("user_id", flat=True)
    )
    new = [
        Afronding(
            user=user,
            module=module,
            gedaan_op=gedaan_op,
            bron=extra.get("bron", Bron.ORGANISATOR),
            bijeenkomst=extra.get("bijeenkomst"),
            vastgelegd_door=door,
        )
        for user in users
        if user.pk not in have
    ]
    Afronding.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def withdraw(module: ELearningPage, user) -> bool:
    """A correction: the record was a mistake. True when there was one."""
    return Afronding.objects.filter(module=module, user=user).delete()[0] > 0


def attendance_events(now: datetime.datetime | None = None):
    """Sessions that have begun and have attendance recorded, newest first (for the form)."""
    from agenda.models import EventPage

    return (
        EventPage.objects.filter(start__lte=now or timezone.now())
        .filter(aanmeldingen__aanwezig=True)
        .distinct()
        .order_by("-start")[:30]
    )


def record_from_attendance(module: ELearningPage, event, door) -> int:
    """Everyone the organiser marked present at the session completed the module that day."""
    from agenda.constants import Status

    users = get_user_model().objects.filter(
        aanmeldingen__event=event,
        aanmeldingen__status=Status.AANGEMELD,
        aanmeldingen__aanwezig=True,
    )
    day = timezone.localtime(event.start).date()
    return record(module, users, day, door, bron=Bron.AANWEZIGHEID, bijeenkomst=event)


# --- counts ----------------------------------------------------------------------------------


@dataclass
class ModuleStand:
    """One module's completion as shown: every count a number, "<5" or "*"."""

    module: ELearningPage
    verplicht: str  # how many must follow it
    gedaan: str
    nog_niet: str
    afdelingen: list[tuple[str, str]]  # (department, completed), masked

    @property
    def percentage(self) -> int | None:
        if not (self.gedaan.isdigit() and self.verplicht.isdigit()) or self.verplicht == "0":
            return None
        return round(100 * int(self.gedaan) / int(self.verplicht))


def module_stand(module: ELearningPage, now: datetime.datetime | None = None) -> ModuleStand:
    """Completed per department and not yet completed, for the employees the module is for:
    one table that adds up to that number, suppressed as the meldkanaal's statistics are
    (two queries)."""
    label = Count("pk", filter=Q(afrondingen__module=module))
    rows = (
        required_users(module, now)
        .values("profiel__afdeling__naam")
        .annotate(totaal=Count("pk", distinct=True), gedaan=label)
    )
    cells, total = Counter(), 0
    for row in rows:
        total += row["totaal"]
        cells[row["profiel__afdeling__naam"] or NO_DEPARTMENT] += row["gedaan"]
        cells[NOT_DONE] += row["totaal"] - row["gedaan"]
    published = suppress_tables({"Afdeling": cells}, total)
    shown = dict(published["Afdeling"])
    shown_total = published["Totaal"][0][1]
    nog_niet = shown.pop(NOT_DONE, "0")
    if shown_total.isdigit() and nog_niet.isdigit():
        gedaan = str(int(shown_total) - int(nog_niet))  # follows from what is shown anyway
    elif not shown:
        gedaan = "0"
    else:
        gedaan = HIDDEN_COUNT
    return ModuleStand(module, shown_total, gedaan, nog_niet, sorted(shown.items()))


def overview(now: datetime.datetime | None = None) -> list[ModuleStand]:
    """Every mandatory module's completion (two queries per module)."""
    return [module_stand(module, now) for module in mandatory_modules()]


@dataclass(frozen=True)
class Voltooiing:
    """Completions of one mandatory module in a year, for the Jaarverslag."""

    module: str  # the module's title
    module_id: int
    vorm: str  # "E-learning", "Training", ...
    gedaan: int  # completions dated in the year (raw: publish `getoond`)
    getoond: str  # the same, masked: a number, or "<5" for 1-4


def completion_counts(jaar: int) -> list[Voltooiing]:
    """Per mandatory module (live now), how many completed it in `jaar`, by the day it was
    done. One query. Publish `getoond`; `gedaan` is for sums that are masked again."""
    counts = dict(
        Afronding.objects.filter(gedaan_op__year=jaar, module__mandatory=True)
        .values("module")
        .annotate(n=Count("pk"))
        .values_list("module", "n")
    )
    return [
        Voltooiing(
            module=module.title,
            module_id=module.pk,
            vorm=module.type_label,
            gedaan=counts.get(module.pk, 0),
            getoond=shown_count(counts.get(module.pk, 0)),
        )
        for module in mandatory_modules()
    ]


# --- reminders -------------------------------------------------------------------------------


def current_period(today: datetime.date | None = None) -> str:
    return (today or timezone.localdate()).strftime("%Y-%m")


def reminders_due(periode: str) -> dict[int, list[int]]:
    """{user id: [module ids]}: employees with an e-mail address who have not done a mandatory
    module and were not reminded of it in this period (two queries per module)."""
    from training.models import Herinnering

    due: dict[int, list[int]] = {}
    for module in mandatory_modules():
        users = (
            required_users(module)
            .exclude(email="")
            .exclude(afrondingen__module=module)
            .exclude(
                pk__in=Herinnering.objects.filter(module=module, periode=periode).values("user")
            )
            .values_list("pk", flat=True)
        )
        for user_id in users:
            due.setdefault(user_id, []).append(module.pk)
    return due


@transaction.atomic
def send_reminders(periode: str) -> dict[int, list[int]]:
    """Record the reminders of this period and queue one mail per employee after the commit;
    running again in the same period sends nothing twice."""
    from training.models import Herinnering
    from training.tasks import mail_reminder

    due = reminders_due(periode)
    Herinnering.objects.bulk_create(
        [
            Herinnering(user_id=user_id, module_id=module_id, periode=periode)
            for user_id, module_ids in due.items()
            for module_id in module_ids
        ],
        ignore_conflicts=True,
    )
    for user_id, module_ids in due.items():
        transaction.on_commit(
            lambda user_id=user_id, module_ids=module_ids: mail_reminder.enqueue(
                user_id, module_ids
            )
        )
    return due
