"""Categories and statuses of the kennisbank, as TextChoices (Dutch labels, English names)."""

from django.db import models


class PolicyKind(models.TextChoices):
    GEDRAGSCODE = "gedragscode", "Gedragscode"
    REGELING = "regeling", "Regeling"
    PROTOCOL = "protocol", "Protocol"
    BELEIDSPLAN = "beleidsplan", "Beleidsplan"
    NOTA = "nota", "Nota"


class AdoptedBy(models.TextChoices):
    GS = "gs", "Gedeputeerde Staten"
    PS = "ps", "Provinciale Staten"
    DIRECTIE = "directie", "de directie"


class VersionStatus(models.TextChoices):
    """Derived from dates, never stored: see kennisbank.models.policy.version_status."""

    IN_FORCE = "in_force", "In werking"
    ANNOUNCED = "announced", "Aangekondigd"
    SUPERSEDED = "superseded", "Vervallen"
    NOT_YET_ADOPTED = "not_yet_adopted", "Nog niet vastgesteld"


class ContactRole(models.TextChoices):
    VERTROUWENSPERSOON_INTEGRITEIT = (
        "vertrouwenspersoon_integriteit",
        "Vertrouwenspersoon integriteit",
    )
    VERTROUWENSPERSOON_ONGEWENST_GEDRAG = (
        "vertrouwenspersoon_ongewenst_gedrag",
        "Vertrouwenspersoon ongewenst gedrag",
    )
    EXTERN_VERTROUWENSPERSOON = "extern_vertrouwenspersoon", "Externe vertrouwenspersoon"
    INTEGRITEITSCOORDINATOR = "integriteitscoordinator", "Integriteitscoördinator"
    MELDPUNT = "meldpunt", "Meldpunt integriteit"


class Audience(models.TextChoices):
    ALLE_MEDEWERKERS = "alle_medewerkers", "Alle medewerkers"
    LEIDINGGEVENDEN = "leidinggevenden", "Leidinggevenden"
    NIEUWE_MEDEWERKERS = "nieuwe_medewerkers", "Nieuwe medewerkers"


class LearningForm(models.TextChoices):
    ONLINE = "online", "Online"
    KLASSIKAAL = "klassikaal", "Klassikaal"
    VIDEO = "video", "Video"
    BIJEENKOMST = "bijeenkomst", "Bijeenkomst"  # the ambtseed, a moreel beraad


# What a learning page is, in a word, on the cards of its theme ("E-learning", not "Online").
LEARNING_TYPE_LABELS = {
    LearningForm.ONLINE: "E-learning",
    LearningForm.KLASSIKAAL: "Training",
    LearningForm.VIDEO: "Video",
    LearningForm.BIJEENKOMST: "Bijeenkomst",
}
