from django.db import models


class Soort(models.TextChoices):
    LEZING = "lezing", "Lezing"
    TRAINING = "training", "Training"
    AMBTSEED = "ambtseed", "Ambtseed-bijeenkomst"
    MOREEL_BERAAD = "moreel_beraad", "Moreel beraad"
    WEEK_VAN_DE_INTEGRITEIT = "week_van_de_integriteit", "Week van de integriteit"


class Status(models.TextChoices):
    AANGEMELD = "aangemeld", "Aangemeld"
    WACHTLIJST = "wachtlijst", "Op de wachtlijst"
    AFGEMELD = "afgemeld", "Afgemeld"


class EedVorm(models.TextChoices):
    EED = "eed", "Eed"
    BELOFTE = "belofte", "Belofte"
