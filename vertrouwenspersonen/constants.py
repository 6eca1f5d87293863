from django.db import models


class Onderwerp(models.TextChoices):
    """The subjects of the yearly reports (Zuid-Holland 2024, table 1), plus "overig"."""

    PESTEN = "pesten", "Pesten"
    SEKSUELE_INTIMIDATIE = "seksuele_intimidatie", "Seksuele intimidatie"
    INTIMIDATIE = "intimidatie", "Intimidatie"
    DISCRIMINATIE = "discriminatie", "Discriminatie"
    AGRESSIE_EN_GEWELD = "agressie_en_geweld", "Agressie en geweld"
    ZAKELIJKE_INTEGRITEIT = "zakelijke_integriteit", "Zakelijke integriteit"
    ARBEIDSCONFLICT = "arbeidsconflict", "(Dreigend) arbeidsconflict"
    ADVIES = "advies", "Advies algemeen"
    OVERIG = "overig", "Overig"


class Vervolg(models.TextChoices):
    """What came of the conversation: a door, never a name."""

    ALLEEN_GESPREK = "alleen_gesprek", "Alleen een gesprek"
    ADVIES_GEGEVEN = "advies_gegeven", "Advies gegeven"
    LEIDINGGEVENDE = "leidinggevende", "Doorverwezen naar leidinggevende"
    HR = "hr", "Doorverwezen naar HR"
    BEDRIJFSARTS = "bedrijfsarts", "Doorverwezen naar bedrijfsarts of hulpverlening"
    MELDPUNT = "meldpunt", "Doorverwezen naar het meldpunt"
    EXTERN = "extern", "Doorverwezen naar een externe instantie"
    MELDING_GEDAAN = "melding_gedaan", "Melding gedaan"


MAANDEN = [
    (1, "januari"),
    (2, "februari"),
    (3, "maart"),
    (4, "april"),
    (5, "mei"),
    (6, "juni"),
    (7, "juli"),
    (8, "augustus"),
    (9, "september"),
    (10, "oktober"),
    (11, "november"),
    (12, "december"),
]
