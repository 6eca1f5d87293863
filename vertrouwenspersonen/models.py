"""The kwestieregistratie: what vertrouwenspersonen talked about, counted, never who.

A row is a month, a subject and a follow-up. There is no name, no free text and no day: not
even a creation timestamp (the day a row is logged is usually the day of the talk). Only
active vertrouwenspersonen read the rows (`Kwestie.objects.visible_to`); who is one is a
row of `Vertrouwenspersoon`, made on the server (`manage.py vertrouwenspersoon`) or by
another vertrouwenspersoon, not a group a superuser can join (docs/data_protection.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from vertrouwenspersonen.constants import MAANDEN, Onderwerp, Vervolg

FIRST_YEAR = 2000


class Vertrouwenspersoon(models.Model):
    """The role: this account logs and reads conversations while `actief`."""

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # a delete from a request is refused first (accounts.py)
        related_name="vertrouwenspersoon",
        verbose_name="account",
    )
    actief = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "vertrouwenspersoon"
        verbose_name_plural = "vertrouwenspersonen"

    def __str__(self):
        return self.gebruiker.get_full_name() or self.gebruiker.get_username()


class KwestieQuerySet(models.QuerySet):
    def visible_to(self, user):
        """All rows for an active vertrouwenspersoon; nothing for anyone else (superuser too)."""
        from vertrouwenspersonen.access import is_vertrouwenspersoon

        return self if is_vertrouwenspersoon(user) else self.none()


class Kwestie(models.Model):
    jaar = models.PositiveSmallIntegerField("jaar")
    maand = models.PositiveSmallIntegerField("maand", choices=MAANDEN)
    onderwerp = models.CharField("onderwerp", max_length=30, choices=Onderwerp.choices)
    vervolg = models.CharField("vervolg", max_length=30, choices=Vervolg.choices)
    # Who logged it: they may correct their own rows. Not shown outside the registration.
    vertrouwenspersoon = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="vastgelegd door",
    )

    objects = KwestieQuerySet.as_manager()

    class Meta:
        verbose_name = "kwestie"
        verbose_name_plural = "kwesties"
        ordering = ["-jaar", "-maand", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(maand__gte=1) & Q(maand__lte=12), name="kwestie_maand_1_tot_12"
            ),
            models.CheckConstraint(
                condition=Q(jaar__gte=FIRST_YEAR), name="kwestie_jaar_vanaf_2000"
            ),
        ]

    def __str__(self):
        return f"{self.get_onderwerp_display()} ({self.get_maand_display()} {self.jaar})"
