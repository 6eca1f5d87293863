"""A report comes in, and the reporter adds to it: one transaction each, nothing logged."""

import datetime

from django.db import transaction
from django.utils import timezone

from ..constants import Afzender, AuditActie, Identiteit, Kanaal, NotificatieSoort, Soort
from ..models import (
    AuditLog,
    Bericht,
    Bijlage,
    Melding,
    MeldingTeller,
    Route,
    Team,
    Teamlidmaatschap,
    Uitsluiting,
)
from .access import readers
from .codes import code_prefix, hash_code, new_follow_up_code
from .common import ActieGeweigerd, Upload, locked
from .notifications import queue_notification


def _allocate_number(year: int) -> int:
    """Next number of the year; the counter row is locked until the transaction ends."""
    teller = MeldingTeller.objects.select_for_update().filter(jaar=year).first()
    if teller is None:  # the first report of the year (two at once: one waits, then locks)
        MeldingTeller.objects.get_or_create(jaar=year)
        teller = MeldingTeller.objects.select_for_update().get(jaar=year)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return teller.laatste


def team_for(soort: str) -> Team:
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
            grootte=upload.grootte,
            datum=today,
        )
        bijlage.schrijf(upload.data)
        if written is not None:
            written.append(bijlage)
        bijlage.save()


ALL_EXCLUDED_AT_INTAKE = (
    "Je hebt alle leden van het team dat je melding krijgt, uitgesloten. Dan kan niemand je "
    "melding lezen. Laat minstens één naam open, of meld het buiten de provincie bij het Huis "
    "voor Klokkenluiders."
)


def _exclude_at_intake(melding: Melding, users, day: datetime.date) -> None:
    """The reporter's exclusions: only active team members (the form lists no one else)."""
    users = list({user.pk: user for user in users}.values())
    if not users:
        return
    members = set(
        Teamlidmaatschap.objects.filter(
            gebruiker__in=users, actief=True, gebruiker__is_active=True
        ).values_list("gebruiker_id", flat=True)
    )
    if any(user.pk not in members for user in users):
        raise ActieGeweigerd("Kies alleen namen uit de lijst van teamleden.")
    Uitsluiting.objects.bulk_create(
        Uitsluiting(melding=melding, gebruiker=user, door=None, datum=day) for user in users
    )
    if not readers(melding).exists():
        raise ActieGeweigerd(ALL_EXCLUDED_AT_INTAKE)


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
    uitgesloten=(),
) -> tuple[Melding, str]:
    """Store a report in one transaction and return it with its follow-up code.

    The code exists in plain text only in the return value: show it once, never store it.
    No account, address, user agent or session is stored for any report; for an anonymous
    one the name and contact details are dropped as well. `ontvangen_op` is the day of the
    call or meeting of an oral report (the deadlines count from it); a form report is today's.
    `uitgesloten`: team members (users) the reporter says must not read the report; each
    becomes an exclusion (models.Uitsluiting, without an audit line: see below), and at
    least one member of the receiving team must still be able to read it.
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
                opvolgcode_hash=hash_code(code),
            )
            _exclude_at_intake(melding, uitgesloten, received)
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
            queue_notification(team, melding, NotificatieSoort.NIEUW)
    except BaseException:
        _cleanup_on_failure(written)
        raise
    return melding, code


def reporter_message(melding: Melding, tekst: str, bijlagen: list[Upload] | tuple = ()) -> Bericht:
    """The reporter answers or adds information (and attachments) through the follow-up page."""
    written: list[Bijlage] = []
    try:
        with transaction.atomic():
            melding = locked(melding)
            if melding.is_gesloten or melding.is_opgeschoond:
                raise ActieGeweigerd("Deze melding is afgesloten. Je kunt niets meer toevoegen.")
            bericht = Bericht.objects.create(
                melding=melding,
                afzender=Afzender.MELDER,
                tekst=tekst.strip() or "(bijlage toegevoegd)",
                datum=timezone.localdate(),
            )
            _store_attachments(melding, bijlagen, Afzender.MELDER, bericht, written)
            melding.nieuw_van_melder = True  # until a team member opens the case file
            melding.save(update_fields=["nieuw_van_melder"])
            # No audit line (see submit_report): the message itself, with its day, is the record.
            queue_notification(melding.team, melding, NotificatieSoort.MELDER_BERICHT)
    except BaseException:
        _cleanup_on_failure(written)
        raise
    return bericht
