"""Mandatory training: who completed which module, and the department each employee is in.

A module is a kennisbank `ELearningPage` marked "verplicht". An employee marks an online
module (e-learning, video) done themself; for a classroom training or a session the
organiser records it, by hand or from the agenda's attendance (training/services.py).
The department is needed only for counts per department: the single sign-on can fill it
from a claim (README, "Verplichte trainingen"); the Coördinator can set it in the admin.
"""

from django.conf import settings
from django.db import models

from wagtail.admin.panels import FieldPanel

from integriteitsplein.models import Vastgelegd


class Afdeling(models.Model):
    naam = models.CharField("naam", max_length=120, unique=True)

    panels = [FieldPanel("naam")]

    class Meta:
        verbose_name = "afdeling"
        verbose_name_plural = "afdelingen"
        ordering = ["naam"]

    def __str__(self):
        return self.naam


class Profiel(models.Model):
    """What the plein knows of an employee beyond the account: department and role as manager."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profiel",
        verbose_name="medewerker",
    )
    afdeling = models.ForeignKey(
        Afdeling,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profielen",
        verbose_name="afdeling",
    )
    leidinggevende = models.BooleanField(
        "leidinggevende",
        default=False,
        help_text="Trainingen ‘voor leidinggevenden’ zijn voor wie dit aan heeft.",
    )

    panels = [FieldPanel("user"), FieldPanel("afdeling"), FieldPanel("leidinggevende")]

    class Meta:
        verbose_name = "afdeling van een medewerker"
        verbose_name_plural = "afdelingen van medewerkers"
        ordering = ["user__username"]

    def __str__(self):
        return f"{self.user} – {self.afdeling or 'geen afdeling'}"


class Bron(models.TextChoices):
    ZELF = "zelf", "Door de medewerker zelf"
    ORGANISATOR = "organisator", "Door de organisator"
    AANWEZIGHEID = "aanwezigheid", "Uit de aanwezigheid bij een bijeenkomst"


class Afronding(Vastgelegd):
    """That an employee completed a module, and on which day. One row per employee and module:
    marking it done again changes nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="afrondingen",
        verbose_name="medewerker",
    )
    module = models.ForeignKey(
        "kennisbank.ELearningPage",
        on_delete=models.CASCADE,
        related_name="afrondingen",
        verbose_name="module",
    )
    gedaan_op = models.DateField("gedaan op")
    bron = models.CharField("vastgelegd", max_length=20, choices=Bron.choices)
    bijeenkomst = models.ForeignKey(
        "agenda.EventPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bijeenkomst",
    )

    class Meta:
        verbose_name = "afronding"
        verbose_name_plural = "afrondingen"
        ordering = ["-gedaan_op", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="training_een_afronding")
        ]
        permissions = [
            (
                "beheer_afrondingen",
                "Mag afrondingen vastleggen en aantallen per module en afdeling zien",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.module_id} op {self.gedaan_op:%d-%m-%Y}"


class Herinnering(models.Model):
    """That an employee was reminded of a module in a period ("2026-12"): at most once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(
        "kennisbank.ELearningPage", on_delete=models.CASCADE, related_name="+"
    )
    periode = models.CharField("periode", max_length=7)
    verstuurd_op = models.DateTimeField("verstuurd op", auto_now_add=True)

    class Meta:
        verbose_name = "herinnering"
        verbose_name_plural = "herinneringen"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "periode"], name="training_een_herinnering"
            )
        ]

    def __str__(self):
        return f"herinnering {self.periode}"
