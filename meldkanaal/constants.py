"""Choices of the meldkanaal: what a report is about, how the reporter reports, where it stands."""

from django.db import models


class Soort(models.TextChoices):
    """What a report is about; a Route sends each kind to a team."""

    ONGEWENST_GEDRAG = "ongewenst_gedrag", "Ongewenst gedrag"
    ZAKELIJKE_INTEGRITEIT = "zakelijke_integriteit", "Zakelijke integriteit"
    MISSTAND = "misstand", "Vermoeden van een misstand"
    ONDERMIJNING = "ondermijning", "Ondermijning"
    ANDERS = "anders", "Iets anders / ik weet het niet"


class Identiteit(models.TextChoices):
    GENOEMD = "genoemd", "Met mijn naam"
    VERTROUWELIJK = "vertrouwelijk", "Vertrouwelijk"
    ANONIEM = "anoniem", "Anoniem"


class Kanaal(models.TextChoices):
    FORMULIER = "formulier", "Formulier"
    TELEFOON = "telefoon", "Telefoon"
    GESPREK = "gesprek", "Gesprek"


class Status(models.TextChoices):
    ONTVANGEN = "ontvangen", "Ontvangen"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    DOORGEZET = "doorgezet", "Doorgezet"
    NIET_IN_BEHANDELING = "niet_in_behandeling", "Niet in behandeling genomen"
    AFGEROND = "afgerond", "Afgerond"


# "Doorgezet" is the status of a report passed on to another team; only the action
# "Doorzetten naar een ander team" (services.pass_on) sets it, never the status form.
STATUS_SET_BY_PASSING_ON = Status.DOORGEZET

# Allowed status changes. The two end states need feedback to the reporter first
# (or a record that the reporter cannot be reached); see Melding.kan_sluiten.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.ONTVANGEN: (Status.IN_BEHANDELING, Status.DOORGEZET, Status.NIET_IN_BEHANDELING),
    Status.IN_BEHANDELING: (Status.DOORGEZET, Status.NIET_IN_BEHANDELING, Status.AFGEROND),
    Status.DOORGEZET: (Status.IN_BEHANDELING, Status.AFGEROND),
    Status.NIET_IN_BEHANDELING: (),
    Status.AFGEROND: (),
}
END_STATES = (Status.NIET_IN_BEHANDELING, Status.AFGEROND)


class Uitkomst(models.TextChoices):
    """The outcome, as counted in the yearly report (never the content)."""

    GEGROND = "gegrond", "Gegrond"
    DEELS_GEGROND = "deels_gegrond", "Deels gegrond"
    ONGEGROND = "ongegrond", "Ongegrond"
    NIET_VAST_TE_STELLEN = "niet_vast_te_stellen", "Niet vast te stellen"
    DOORVERWEZEN = "doorverwezen", "Doorverwezen"


class Afzender(models.TextChoices):
    MELDER = "melder", "Melder"
    TEAM = "team", "Meldpunt"


class AuditActie(models.TextChoices):
    ONTVANGEN = "ontvangen", "Melding ontvangen"
    MONDELING = "mondeling", "Mondelinge melding vastgelegd"
    VERSLAG = "verslag", "Verslag gecontroleerd door melder"
    GELEZEN = "gelezen", "Melding gelezen"
    BIJLAGE = "bijlage", "Bijlage gedownload"
    BEVESTIGD = "bevestigd", "Ontvangst bevestigd"
    BERICHT = "bericht", "Bericht aan melder"
    TERUGKOPPELING = "terugkoppeling", "Terugkoppeling gegeven"
    ONBEREIKBAAR = "onbereikbaar", "Melder niet bereikbaar"
    STATUS = "status", "Status gewijzigd"
    DOORGEZET = "doorgezet", "Doorgezet naar ander team"
    UITKOMST = "uitkomst", "Uitkomst vastgelegd"
    MELDER_BERICHT = "melder_bericht", "Bericht van melder"
    OPGESCHOOND = "opgeschoond", "Inhoud verwijderd (bewaartermijn)"
    UITGESLOTEN = "uitgesloten", "Teamlid uitgesloten (belangenverstrengeling)"
    UITSLUITING_OPGEHEVEN = "uitsluiting_opgeheven", "Uitsluiting opgeheven"
    BEHANDELAAR = "behandelaar", "Behandelaar aangewezen"
    HEROPEND = "heropend", "Melding heropend"


class BeveiligingSoort(models.TextChoices):
    LOGIN_MISLUKT = "login_mislukt", "Inloggen mislukt"
    GEBLOKKEERD = "geblokkeerd", "Inloggen tijdelijk geblokkeerd"
    TOEGANG_GEWEIGERD = "toegang_geweigerd", "Toegang tot het meldkanaal geweigerd"
    ACCOUNT_GEWIJZIGD = "account_gewijzigd", "Account van een teamlid gewijzigd"
    WIJZIGING_GEWEIGERD = "wijziging_geweigerd", "Wijziging van een account geweigerd"
    LID_TOEGEVOEGD = "lid_toegevoegd", "Teamlid toegevoegd"
    LID_GEWIJZIGD = "lid_gewijzigd", "Teamlid gewijzigd (rol of actief)"
    LID_VERWIJDERD = "lid_verwijderd", "Teamlid verwijderd"
    TEAM_AANGEMAAKT = "team_aangemaakt", "Team aangemaakt"
    TWEEDE_FACTOR_HERSTELD = "tweede_factor_hersteld", "Tweede factor van een teamlid gewist"


class NotificatieSoort(models.TextChoices):
    NIEUW = "nieuw", "Nieuwe melding"
    DOORGEZET = "doorgezet", "Doorgezette melding"
    HERINNERING = "herinnering", "Herinnering termijnen"
    MELDER_BERICHT = "melder_bericht", "Nieuw bericht van melder"
    TEAMLID = "teamlid", "Wijziging in het team"


# "Melding gelezen" is logged once per team member and report in this many minutes
# (every page view would flood the log); each attachment download is logged.
READ_LOG_MINUTES = 30

# Deadlines of the Wet bescherming klokkenluiders.
ACKNOWLEDGE_DAYS = 7
FEEDBACK_MONTHS = 3
# Each case gets a named behandelaar within this many days of receipt (the EU Directive's
# "designated impartial person"); without one after that, the list and the dashboard flag it.
HANDLER_DAYS = 7
# A deadline this close (in days) counts as "nearly due" in the list and the reminders.
NEARLY_DUE_DAYS = 3

# Attachments.
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024  # 10 MB per file
# Stored attachments are encrypted in parts of this size (one Fernet token each): writing,
# reading and key rotation never hold a whole file in memory.
ATTACHMENT_PART_SIZE = 1024 * 1024
