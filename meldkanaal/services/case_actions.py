"""What the team does with a case; every action checks the team and writes an audit line."""

import datetime

from django.db import transaction
from django.utils import timezone

from ..constants import (
    END_STATES,
    READ_LOG_MINUTES,
    STATUS_SET_BY_PASSING_ON,
    TRANSITIONS,
    Afzender,
    AuditActie,
    NotificatieSoort,
    Status,
    Uitkomst,
)
from ..models import AuditLog, Bericht, Bijlage, Melding, Team
from .access import check_team, teams
from .common import ActieGeweigerd, locked
from .notifications import queue_notification

DEFAULT_ACKNOWLEDGEMENT = (
    "We hebben je melding ontvangen. Het meldpunt bekijkt wat er nodig is. Binnen drie maanden "
    "hoor je van ons wat we met je melding doen. Heb je nog iets aan te vullen? Stuur dan een "
    "bericht via deze pagina."
)


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
        melding = locked(melding)
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
        melding = locked(melding)
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
        melding = locked(melding)
        melding.melder_onbereikbaar = True
        melding.save()
        AuditLog.schrijf(melding, AuditActie.ONBEREIKBAAR, user=user)
    return melding


def record_minutes_checked(user, melding: Melding) -> Melding:
    """The reporter of an oral report has read and approved the minutes."""
    check_team(user, melding)
    with transaction.atomic():
        melding = locked(melding)
        melding.verslag_gecontroleerd = True
        melding.save()
        AuditLog.schrijf(melding, AuditActie.VERSLAG, user=user)
    return melding


def change_status(user, melding: Melding, nieuwe_status: str) -> Melding:
    check_team(user, melding)
    with transaction.atomic():
        melding = locked(melding)
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


NO_READER = (
    "{team} heeft geen actieve teamleden. Dan kan niemand de melding lezen. Kies een ander "
    "team, of vraag een beheerder eerst iemand aan {team} toe te voegen."
)


def pass_on(user, melding: Melding, team: Team) -> Melding:
    """Doorzetten: the report goes to another team, whose status is then ‘Doorgezet’ until
    that team takes it up. The passing team loses access at once."""
    check_team(user, melding)
    if team.pk not in {t.pk for t in teams()}:
        raise ActieGeweigerd("Kies een meldpuntteam.")
    if not team.heeft_lezers():
        raise ActieGeweigerd(NO_READER.format(team=team.naam))
    with transaction.atomic():
        melding = locked(melding)
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
        queue_notification(team, melding, NotificatieSoort.DOORGEZET)
    return melding


def record_outcome(user, melding: Melding, uitkomst: str, toelichting: str = "") -> Melding:
    check_team(user, melding)
    if uitkomst not in Uitkomst.values:
        raise ActieGeweigerd("Kies een uitkomst.")
    with transaction.atomic():
        melding = locked(melding)
        _refuse_if_cleaned(melding)
        melding.uitkomst = uitkomst
        melding.uitkomst_toelichting = toelichting.strip()
        melding.save()
        AuditLog.schrijf(melding, AuditActie.UITKOMST, user=user, detail=Uitkomst(uitkomst).label)
    return melding
