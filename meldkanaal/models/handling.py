"""Who handles a case and who must not: exclusions (conflict of interest) and reopenings.

An exclusion ties a person to one case, not to a team membership: a case passed on to
another team where the excluded person is also a member stays closed to them.
"""

from django.conf import settings
from django.db import models

from ..crypto import EncryptedTextField


class Uitsluiting(models.Model):
    """A team member who must not read one case (conflict of interest).

    Made by a team member in the case file (`door` is that member, with an audit line), or
    by the reporter on the form (`door` empty: the reporter is never identified). The row
    holds the day only, like everything dated about a report.
    """

    melding = models.ForeignKey(
        "meldkanaal.Melding", on_delete=models.CASCADE, related_name="uitsluitingen"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="uitgesloten teamlid",
        on_delete=models.CASCADE,
        related_name="meldkanaal_uitsluitingen",
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="uitgesloten door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leeg: op verzoek van de melder, in het meldformulier.",
    )
    datum = models.DateField("datum")

    class Meta:
        verbose_name = "uitsluiting"
        verbose_name_plural = "uitsluitingen"
        ordering = ["datum", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["melding", "gebruiker"], name="uitsluiting_eenmaal_per_melding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} uitgesloten van {self.melding_id}"

    @property
    def door_melder(self) -> bool:
        return self.door_id is None


class Heropening(models.Model):
    """A closed case opened again by a team member; the reason is encrypted (it may say
    what the case is about), so it lives here and not in the audit log, which never holds
    content. The audit line says that and when; retention deletes these rows."""

    melding = models.ForeignKey(
        "meldkanaal.Melding", on_delete=models.CASCADE, related_name="heropeningen"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    datum = models.DateField()
    reden = EncryptedTextField()

    class Meta:
        verbose_name = "heropening"
        verbose_name_plural = "heropeningen"
        ordering = ["datum", "pk"]

    def __str__(self) -> str:
        return f"Heropening van {self.melding_id}"
