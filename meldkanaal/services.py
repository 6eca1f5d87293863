"""Everything that changes a report goes through here, in one transaction per action.

The page and the admin views stay thin: they validate input and call one function. Every
team action checks that the user is in the report's team and writes an audit line.
Nothing here logs, caches or mails content or identity.
"""

import datetime
import logging
import secrets
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from django_tasks import task

from .constants import (
    END_STATES,
    NEARLY_DUE_DAYS,
    READ_LOG_MINUTES,
    STATUS_SET_BY_PASSING_ON,
    TRANSITIONS,
    Afzender,
    AuditActie,
    Identiteit,
    Kanaal,
    NotificatieSoort,
    Soort,
    Status,
    Uitkomst,
)
from .models import AuditLog, Bericht, Bijlage, Melding, MeldingTeller, Notificatie, Route

logger = logging.getLogger(__name__)

# 24 characters from a 32-letter alphabet (no 0/O, 1/I): 120 bits. The first 4 characters
# are stored in plain text to find the case; the rest (100 bits) only exists as a slow hash.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 24
CODE_PREFIX_LENGTH = 4

DEFAULT_ACKNOWLEDGEMENT = (
    "We hebben je melding ontvangen. Het meldpunt bekijkt wat er nodig is. Binnen drie maanden "
    "hoor je van ons wat we met je melding doen. Heb je nog iets aan te vullen? Stuur dan een "
    "bericht via deze pagina."
)


class ActieGeweigerd(Exception):
    """An action that the rules do not allow; the message is Dutch and shown to the user."""


@dataclass(frozen=True)
class Upload:
    """A checked attachment (see uploads.check_upload)."""

    naam: str
    data: bytes
    content_type: str


# --- follow-up codes ---------------------------------------------------------------


def new_follow_up_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_prefix(code: str) -> str:
    return normalize_code(code)[:CODE_PREFIX_LENGTH]


def find_by_code(code: str) -> Melding | None:
    """The report this follow-up code belongs to, or None (constant work per candidate)."""
    normalized = normalize_code(code)
    if len(normalized) != CODE_LENGTH:
        return None
    candidates = list(Melding.objects.filter(opvolgcode_prefix=normalized[:CODE_PREFIX_LENGTH]))
    if not candidates:
        # Hash anyway, so the answer takes as long whether or not the prefix exists.
        make_password(normalized)
    for melding in candidates:
        if melding.opvolgcode_hash and check_password(normalized, melding.opvolgcode_hash):
            return melding
    return None


# --- submitting --------------------------------------------------------------------


def _allocate_number(year: int) -> int:
    """Next number of the year; the counter row is locked until the transaction ends."""
    MeldingTeller.objects.get_or_create(jaar=year)
    teller = MeldingTeller.objects.select_for_update().get(jaar=year)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return teller.laatste


def team_for(soort: str) -> Group:
    route = Route.objects.select_related("team").filter(soort=soort).first()
    route = route or Route.objects.select_related("team").filter(soort=Soort.ANDERS).first()
    if route is None:
        raise ActieGeweigerd("Er is nog geen team ingesteld voor meldingen. Bel het meldpunt.")
    return route.team


def _store_attachments(melding, uploads, afzender, bericht=None, written=None) -> None:
    today = timezone.localdate()
    for upload in uploads:
        bijlage = Bijlage(
            melding=melding,
            bericht=bericht,
            afzender=afzender,
            opslagnaam=Bijlage.nieuwe_opslagnaam(),
            bestandsnaam=upload.naam[:200],
            content_type=upload.content_type,
            grootte=len(upload.data),
            datum=today,
        )
        bijlage.schrijf(upload.data)
        if written is not None:
            written.append(bijlage)
        bijlage.save()


def _cleanup_on_failure(written: list[Bijlage]) -> None:
    for bijlage in written:
        bijlage.verwijder_bestand()


def submit_report(
    *,
    soort: str,
    identiteit: str,
    beschrijving: str,
    naam: str = "",
    contact: str = "",
    antwoorden: dict | None = None,
    bijlagen: list[Upload] | tuple = (),
    kanaal: str = Kanaal.FORMULIER,
    verslag_gecontroleerd: bool = False,
    geregistreerd_door=None,
    ontvangen_op: datetime.date | None = None,
) -> tuple[Melding, str]:
    """Store a report in one transaction and return it with its follow-up code.

    The code exists in plain text only in the return value: show it once, never store it.
    No account, address, user agent or session is stored for any report; for an anonymous
    one the name and contact details are dropped as well. `ontvangen_op` is the day of the
    call or meeting of an oral report (the deadlines count from it); a form report is today's.
    """
    Soort(soort)
    Identiteit(identiteit)
    if identiteit == Identiteit.ANONIEM:
        naam = contact = ""
    code = new_follow_up_code()
    today = timezone.localdate()
    if ontvangen_op is not None and ontvangen_op > today:
        raise ActieGeweigerd("De datum van het gesprek kan niet in de toekomst liggen.")
    # A report through the form arrives today, whatever a caller says.
    received = today if kanaal == Kanaal.FORMULIER else (ontvangen_op or today)
    written: list[Bijlage] = []
    try:
        with transaction.atomic():
            team = team_for(soort)
            volgnummer = _allocate_number(received.year)
            melding = Melding.objects.create(
                nummer=f"M-{received.year}-{volgnummer:04d}",
                jaar=received.year,
                volgnummer=volgnummer,
                soort=soort,
                identiteit=identiteit,
                kanaal=kanaal,
                team=team,
                ontvangen_op=received,
                beschrijving=beschrijving,
                antwoorden=antwoorden or {},
                naam=naam,
                contact=contact,
                verslag_gecontroleerd=verslag_gecontroleerd,
                opvolgcode_prefix=code_prefix(code),
                opvolgcode_hash=make_password(normalize_code(code)),
            )
            _store_attachments(melding, bijlagen, Afzender.MELDER, written=written)
            # What the reporter does gets no audit line: its place among the team's timed
            # lines would tell roughly when it happened. The case file shows it from the
            # report and its messages, by the day (admin_views.logboek).
            if geregistreerd_door is not None:
                AuditLog.schrijf(
                    melding,
                    AuditActie.MONDELING,
                    user=geregistreerd_door,
                    detail=Kanaal(kanaal).label,
                )
            _queue_notification(team, melding, NotificatieSoort.NIEUW)
    except BaseException:
        _cleanup_on_failure(written)
        raise
    return melding, code


# --- notifications (outbox) --------------------------------------------------------


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


def _queue_notification(team: Group, melding: Melding, soort: str) -> Notificatie:
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


# --- access --------------------------------------------------------------------------


def _group_ids(user) -> frozenset[int]:
    """The user's group ids, read once per user object (one request) to avoid a query per row."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_meldkanaal_group_ids", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("pk", flat=True))
        user._meldkanaal_group_ids = cached
    return cached


def is_team_member(user, melding: Melding) -> bool:
    """Only members of the routed team read a report; being a superuser is not enough."""
    return melding.team_id in _group_ids(user)


def check_team(user, melding: Melding) -> None:
    if not is_team_member(user, melding):
        raise PermissionDenied


def teams() -> list[Group]:
    return list(
        Group.objects.filter(
            permissions__codename="behandel_melding",
            permissions__content_type__app_label="meldkanaal",
        )
        .distinct()
        .order_by("name")
    )


# A group with one of these is a team or makes its members meldpunt administrators: only a
# meldpunt administrator changes such a group or who is in it (user_forms, group_forms).
GUARDED_CODENAMES = ("behandel_melding", "add_route", "change_route", "delete_route")


def guarded_groups():
    """The teams and the groups with route permissions."""
    return Group.objects.filter(
        permissions__content_type__app_label="meldkanaal",
        permissions__codename__in=GUARDED_CODENAMES,
    ).distinct()


def has_group_permission(user, codename: str) -> bool:
    """A meldkanaal permission through one of the user's groups; superuser status is ignored."""
    if not (user.is_authenticated and user.is_active):
        return False
    return Group.objects.filter(
        user=user,
        permissions__codename=codename,
        permissions__content_type__app_label="meldkanaal",
    ).exists()


def is_meldpunt_admin(user) -> bool:
    """A meldpunt administrator edits the routes and puts people in teams (teams.py)."""
    return has_group_permission(user, "change_route")


def user_teams(user) -> list[Group]:
    ids = _group_ids(user)
    return [team for team in teams() if team.pk in ids] if ids else []


# --- team actions --------------------------------------------------------------------


def _locked(melding: Melding) -> Melding:
    return Melding.objects.select_for_update().get(pk=melding.pk)


def record_read(user, melding: Melding) -> bool:
    """Log that a team member opened the case file, at most once in READ_LOG_MINUTES per
    member and report (reloads and refused actions would flood the log). True if written."""
    check_team(user, melding)
    since = timezone.now() - datetime.timedelta(minutes=READ_LOG_MINUTES)
    recent = AuditLog.objects.filter(
        melding=melding, gebruiker=user, actie=AuditActie.GELEZEN, tijdstip__gte=since
    )
    if recent.exists():
        return False
    AuditLog.schrijf(melding, AuditActie.GELEZEN, user=user)
    return True


def record_download(user, bijlage: Bijlage) -> None:
    check_team(user, bijlage.melding)
    AuditLog.schrijf(bijlage.melding, AuditActie.BIJLAGE, user=user, detail=f"bijlage {bijlage.pk}")


def _refuse_if_cleaned(melding: Melding) -> None:
    if melding.is_opgeschoond:
        raise ActieGeweigerd("De inhoud van deze melding is al verwijderd.")


def acknowledge(user, melding: Melding, tekst: str = "") -> Melding:
    check_team(user, melding)
    with transaction.atomic():
        melding = _locked(melding)
        _refuse_if_cleaned(melding)
        if melding.ontvangst_bevestigd_op is not None:
            raise ActieGeweigerd("De ontvangst van deze melding is al bevestigd.")
        today = timezone.localdate()
        Bericht.objects.create(
            melding=melding,
            afzender=Afzender.TEAM,
            tekst=tekst.strip() or DEFAULT_ACKNOWLEDGEMENT,
            datum=today,
            is_bevestiging=True,
        )
        melding.ontvangst_bevestigd_op = today
        melding.save()
        AuditLog.schrijf(melding, AuditActie.BEVESTIGD, user=user)
    return melding


def message_reporter(user, melding: Melding, tekst: str, terugkoppeling: bool = False) -> Bericht:
    check_team(user, melding)
    if not tekst.strip():
        raise ActieGeweigerd("Schrijf een bericht.")
    with transaction.atomic():
        melding = _locked(melding)
        _refuse_if_cleaned(melding)
        today = timezone.localdate()
        bericht = Bericht.objects.create(
            melding=melding,
            afzender=Afzender.TEAM,
            tekst=tekst.strip(),
            datum=today,
            is_terugkoppeling=terugkoppeling,
        )
        if terugkoppeling:
            melding.terugkoppeling_gegeven_op = melding.terugkoppeling_gegeven_op or today
            melding.save()
            AuditLog.schrijf(melding, AuditActie.TERUGKOPPELING, user=user)
        else:
            AuditLog.schrijf(melding, AuditActie.BERICHT, user=user)
    return bericht


def mark_unreachable(user, melding: Melding) -> Melding:
    check_team(user, melding)
    with transaction.atomic():
        melding = _locked(melding)
        melding.melder_onbereikbaar = True
        melding.save()
        AuditLog.schrijf(melding, AuditActie.ONBEREIKBAAR, user=user)
    return melding


def record_minutes_checked(user, melding: Melding) -> Melding:
    """The reporter of an oral report has read and approved the minutes."""
    check_team(user, melding)
    with transaction.atomic():
        melding = _locked(melding)
        melding.verslag_gecontroleerd = True
        melding.save()
        AuditLog.schrijf(melding, AuditActie.VERSLAG, user=user)
    return melding


def change_status(user, melding: Melding, nieuwe_status: str) -> Melding:
    check_team(user, melding)
    with transaction.atomic():
        melding = _locked(melding)
        oud = melding.status
        if nieuwe_status == STATUS_SET_BY_PASSING_ON:
            raise ActieGeweigerd(
                "‘Doorgezet’ wordt de status vanzelf als je de melding doorzet naar een ander "
                "team (bij ‘Doorzetten naar een ander team’)."
            )
        if nieuwe_status not in TRANSITIONS.get(oud, ()):
            naar = Status(nieuwe_status).label if nieuwe_status in Status.values else "?"
            raise ActieGeweigerd(f"Van ‘{Status(oud).label}’ naar ‘{naar}’ kan niet.")
        if nieuwe_status in END_STATES and not melding.kan_sluiten:
            raise ActieGeweigerd(
                "Sluiten kan pas als de melder terugkoppeling heeft gekregen, of als is "
                "vastgelegd dat de melder niet bereikbaar is."
            )
        melding.status = nieuwe_status
        if nieuwe_status in END_STATES:
            melding.gesloten_op = timezone.localdate()
        melding.save()
        AuditLog.schrijf(
            melding,
            AuditActie.STATUS,
            user=user,
            detail=f"{Status(oud).label} → {Status(nieuwe_status).label}",
        )
    return melding


def pass_on(user, melding: Melding, team: Group) -> Melding:
    """Doorzetten: the report goes to another team, whose status is then ‘Doorgezet’ until
    that team takes it up. The passing team loses access at once."""
    check_team(user, melding)
    if team.pk not in {t.pk for t in teams()}:
        raise ActieGeweigerd("Kies een meldpuntteam.")
    with transaction.atomic():
        melding = _locked(melding)
        if melding.is_gesloten:
            raise ActieGeweigerd("Een afgesloten melding kun je niet meer doorzetten.")
        if team.pk == melding.team_id:
            raise ActieGeweigerd("De melding ligt al bij dit team.")
        oud_team, oude_status = melding.team.name, melding.status
        melding.team = team
        melding.status = STATUS_SET_BY_PASSING_ON
        melding.save()
        AuditLog.schrijf(
            melding, AuditActie.DOORGEZET, user=user, detail=f"{oud_team} → {team.name}"
        )
        if oude_status != melding.status:
            AuditLog.schrijf(
                melding,
                AuditActie.STATUS,
                user=user,
                detail=f"{Status(oude_status).label} → {Status(melding.status).label}",
            )
        _queue_notification(team, melding, NotificatieSoort.DOORGEZET)
    return melding


def record_outcome(user, melding: Melding, uitkomst: str, toelichting: str = "") -> Melding:
    check_team(user, melding)
    if uitkomst not in Uitkomst.values:
        raise ActieGeweigerd("Kies een uitkomst.")
    with transaction.atomic():
        melding = _locked(melding)
        _refuse_if_cleaned(melding)
        melding.uitkomst = uitkomst
        melding.uitkomst_toelichting = toelichting.strip()
        melding.save()
        AuditLog.schrijf(melding, AuditActie.UITKOMST, user=user, detail=Uitkomst(uitkomst).label)
    return melding


# --- the reporter ----------------------------------------------------------------------


def reporter_message(melding: Melding, tekst: str, bijlagen: list[Upload] | tuple = ()) -> Bericht:
    """The reporter answers or adds information (and attachments) through the follow-up page."""
    written: list[Bijlage] = []
    try:
        with transaction.atomic():
            melding = _locked(melding)
            if melding.is_gesloten or melding.is_opgeschoond:
                raise ActieGeweigerd("Deze melding is afgesloten. Je kunt niets meer toevoegen.")
            bericht = Bericht.objects.create(
                melding=melding,
                afzender=Afzender.MELDER,
                tekst=tekst.strip() or "(bijlage toegevoegd)",
                datum=timezone.localdate(),
            )
            _store_attachments(melding, bijlagen, Afzender.MELDER, bericht, written)
            # No audit line (see submit_report): the message itself, with its day, is the record.
            _queue_notification(melding.team, melding, NotificatieSoort.MELDER_BERICHT)
    except BaseException:
        _cleanup_on_failure(written)
        raise
    return bericht


# --- retention ---------------------------------------------------------------------------


def clean_up(today: datetime.date | None = None) -> int:
    """Delete content, identity, messages and attachments of reports closed long enough ago.

    The register row stays (number, kind, team, dates, status, outcome) for the records
    the law asks for and for the yearly counts.
    """
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.MELDKANAAL_RETENTION_DAYS)
    cleaned = 0
    for melding in Melding.objects.filter(
        status__in=END_STATES, gesloten_op__lt=cutoff, opgeschoond_op__isnull=True
    ):
        with transaction.atomic():
            bijlagen = list(melding.bijlagen.all())
            melding.bijlagen.all().delete()
            melding.berichten.all().delete()
            melding.beschrijving = ""
            melding.antwoorden = {}
            melding.naam = ""
            melding.contact = ""
            melding.uitkomst_toelichting = ""
            melding.opvolgcode_hash = ""
            melding.opgeschoond_op = today
            melding.save()
            AuditLog.schrijf(melding, AuditActie.OPGESCHOOND)
            transaction.on_commit(lambda b=bijlagen: [x.verwijder_bestand() for x in b])
        cleaned += 1
    return cleaned


# --- statistics ----------------------------------------------------------------------------

SMALL_COUNT = 5


def shown_count(count: int) -> str:
    """Counts below 5 are shown as "<5" so that no case can be recognised (0 stays 0)."""
    if 0 < count < SMALL_COUNT:
        return "<5"
    return str(count)


HIDDEN_COUNT = "*"


def _masked_table(counts: Counter) -> list[tuple[str, str]]:
    """One table of counts. Its cells add up to the total, which is shown too: with a single
    "<5" in a table, that count could be worked out from the others. Then the smallest other
    count is hidden as well ("*")."""
    shown = {key: shown_count(count) for key, count in counts.items()}
    small = [key for key, count in counts.items() if 0 < count < SMALL_COUNT]
    if len(small) == 1:
        others = sorted((count, key) for key, count in counts.items() if key not in small)
        if others:
            shown[others[0][1]] = HIDDEN_COUNT
    return [(key, shown[key]) for key in sorted(shown)]


def statistics_years() -> list[int]:
    """The years with reports, newest first; the current year is always one of them."""
    years = set(Melding.objects.values_list("jaar", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def statistics(jaar: int | None = None) -> dict[str, list[tuple[str, str]]]:
    """Counts of one year (by case number; default this year) per kind, team and outcome,
    with small counts masked."""
    jaar = jaar or timezone.localdate().year
    rows = list(Melding.objects.filter(jaar=jaar).values_list("soort", "team__name", "uitkomst"))
    per_soort = Counter(Soort(r[0]).label for r in rows)
    per_team = Counter(r[1] for r in rows)
    per_uitkomst = Counter(Uitkomst(r[2]).label if r[2] else "Nog geen uitkomst" for r in rows)
    return {
        "Soort": _masked_table(per_soort),
        "Team": _masked_table(per_team),
        "Uitkomst": _masked_table(per_uitkomst),
        "Totaal": [(f"Alle meldingen van {jaar}", shown_count(len(rows)))],
    }
