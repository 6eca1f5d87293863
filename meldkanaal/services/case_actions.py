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
from ..models import AuditLog, Bericht, Bijlage, Heropening, Melding, Team, Uitsluiting
from .access import check_team, forget, readers, teams
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
    # The team has now seen the reporter's new messages (read per team: models.melding).
    if melding.nieuw_van_melder:
        Melding.objects.filter(pk=melding.pk).update(nieuw_van_melder=False)
        melding.nieuw_van_melder = False
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


def _record_fact(user, melding: Melding, field: str, actie: str) -> Melding:
    """Set one yes/no fact of the case (`field` = True) and log it: the shared body of
    'melder niet bereikbaar' and 'verslag gecontroleerd'."""
    check_team(user, melding)
    with transaction.atomic():
        melding = locked(melding)
        setattr(melding, field, True)
        melding.save()
        AuditLog.schrijf(melding, actie, user=user)
    return melding


def mark_unreachable(user, melding: Melding) -> Melding:
    return _record_fact(user, melding, "melder_onbereikbaar", AuditActie.ONBEREIKBAAR)


def record_minutes_checked(user, melding: Melding) -> Melding:
    """The reporter of an oral report has read and approved the minutes."""
    return _record_fact(user, melding, "verslag_gecontroleerd", AuditActie.VERSLAG)


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


ALL_EXCLUDED = (
    "Alle actieve teamleden van {team} zijn uitgesloten van deze melding. Dan kan niemand "
    "hem lezen. Kies een ander team."
)
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
    if not readers(melding, team).exists():
        raise ActieGeweigerd(ALL_EXCLUDED.format(team=team.naam))
    with transaction.atomic():
        melding = locked(melding)
        if melding.is_gesloten:
            raise ActieGeweigerd("Een afgesloten melding kun je niet meer doorzetten.")
        if team.pk == melding.team_id:
            raise ActieGeweigerd("De melding ligt al bij dit team.")
        oud_team, oude_status = melding.team.name, melding.status
        melding.team = team
        melding.status = STATUS_SET_BY_PASSING_ON
        melding.behandelaar = None  # the new team names its own
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


# --- who handles a case, who must not, and reopening ---------------------------------------


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _reader_of(melding: Melding, lid, not_a_reader: str):
    """`lid` (a user) as an active, not excluded member of the case's team, or refuse."""
    membership = melding.team.actieve_lidmaatschappen().filter(gebruiker=lid).first()
    if membership is None:
        raise ActieGeweigerd(
            f"{_name(lid)} is geen actief lid van {melding.team.naam}. Kies iemand uit de lijst."
        )
    if Uitsluiting.objects.filter(melding=melding, gebruiker=lid).exists():
        raise ActieGeweigerd(not_a_reader.format(naam=_name(lid)))
    return membership


def exclude_member(user, melding: Melding, lid) -> Uitsluiting:
    """Exclude a team member from this case (conflict of interest): from then on they see
    only that the case exists (its number and status).

    Any member who can read the case may do this, not only a beheerder: a report can be
    about a beheerder, and whoever notices the conflict first must be able to act on it.
    It cannot be abused to take away the case's readers without a trace: the last reader
    is never excluded, every exclusion is in the audit log, and the excluded member can
    no longer open the case, so cannot undo it either (see lift_exclusion).
    """
    check_team(user, melding)
    with transaction.atomic():
        melding = locked(melding)
        _reader_of(melding, lid, "{naam} is al uitgesloten van deze melding.")
        if not readers(melding).exclude(gebruiker=lid).exists():
            raise ActieGeweigerd(
                f"{_name(lid)} is de laatste die deze melding kan lezen. Zet de melding eerst "
                "door naar een ander team, of vraag een beheerder iemand aan het team toe te "
                "voegen."
            )
        uitsluiting = Uitsluiting.objects.create(
            melding=melding, gebruiker=lid, door=user, datum=timezone.localdate()
        )
        if melding.behandelaar_id == lid.pk:
            melding.behandelaar = None
            melding.save()
        AuditLog.schrijf(melding, AuditActie.UITGESLOTEN, user=user, detail=_name(lid))
    forget(lid)
    forget(user)
    return uitsluiting


def lift_exclusion(user, melding: Melding, uitsluiting: Uitsluiting) -> None:
    """A beheerder who can read the case lifts an exclusion the team made by mistake. What the
    reporter asked for on the form stands: nobody in the team overrules it."""
    check_team(user, melding)
    from .access import is_beheerder

    if not is_beheerder(user, melding.team):
        raise ActieGeweigerd("Alleen een beheerder van het team kan een uitsluiting opheffen.")
    if uitsluiting.melding_id != melding.pk:
        raise ActieGeweigerd("Deze uitsluiting hoort niet bij deze melding.")
    if uitsluiting.door_melder:
        raise ActieGeweigerd(
            "De melder heeft gevraagd dat dit teamlid de melding niet leest. Dat blijft zo."
        )
    with transaction.atomic():
        melding = locked(melding)
        lid = uitsluiting.gebruiker
        uitsluiting.delete()
        AuditLog.schrijf(melding, AuditActie.UITSLUITING_OPGEHEVEN, user=user, detail=_name(lid))
    forget(lid)


def assign_handler(user, melding: Melding, lid) -> Melding:
    """Name the behandelaar: an active member of the case's team who is not excluded."""
    check_team(user, melding)
    with transaction.atomic():
        melding = locked(melding)
        if melding.is_gesloten:
            raise ActieGeweigerd("Een afgesloten melding krijgt geen nieuwe behandelaar.")
        _reader_of(melding, lid, "{naam} is uitgesloten van deze melding. Kies iemand anders.")
        if melding.behandelaar_id == lid.pk:
            raise ActieGeweigerd(f"{_name(lid)} is al de behandelaar.")
        melding.behandelaar = lid
        melding.save()
        AuditLog.schrijf(melding, AuditActie.BEHANDELAAR, user=user, detail=_name(lid))
    return melding


def reopen(user, melding: Melding, reden: str) -> Melding:
    """Open a closed case again, with a reason (encrypted in Heropening; the audit line
    says only that and when).

    Deadlines, as we read the Wet bescherming klokkenluiders: the acknowledgement was
    owed once, within 7 days of receipt, and stays as it was (an acknowledgement that was
    never sent stays overdue). Feedback is owed again: the reopened case is a renewed
    assessment, so the 3-month feedback term starts anew on the day of reopening
    (Melding.bereken_termijnen), the earlier feedback date and 'melder niet bereikbaar' are
    cleared (the reporter may be reachable now), and the status is 'In behandeling'.
    """
    check_team(user, melding)
    reden = reden.strip()
    if not reden:
        raise ActieGeweigerd("Schrijf waarom je de melding heropent.")
    with transaction.atomic():
        melding = locked(melding)
        if not melding.is_gesloten:
            raise ActieGeweigerd("Deze melding is niet afgesloten. Heropenen is niet nodig.")
        _refuse_if_cleaned(melding)
        today = timezone.localdate()
        oud = melding.status
        melding.status = Status.IN_BEHANDELING
        melding.gesloten_op = None
        melding.heropend_op = today
        melding.terugkoppeling_gegeven_op = None
        melding.melder_onbereikbaar = False
        melding.save()  # recomputes terugkoppeling_voor from heropend_op
        Heropening.objects.create(melding=melding, gebruiker=user, datum=today, reden=reden)
        AuditLog.schrijf(
            melding,
            AuditActie.HEROPEND,
            user=user,
            detail=f"{Status(oud).label} → {Status(melding.status).label}; terugkoppeling vóór "
            f"{melding.terugkoppeling_voor:%d-%m-%Y}",
        )
    return melding
