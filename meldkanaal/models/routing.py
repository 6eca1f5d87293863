from django.db import models

from ..constants import Soort


class Route(models.Model):
    """Which team (a Django group) receives the reports of one kind.

    Editable by a meldpunt administrator in the admin ("Meldkanaal → Routes").
    """

    soort = models.CharField("soort", max_length=32, choices=Soort.choices, unique=True)
    team = models.ForeignKey(
        "auth.Group",
        verbose_name="team",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"permissions__codename": "behandel_melding"},
        help_text="De groep die meldingen van deze soort ontvangt en behandelt.",
    )

    class Meta:
        verbose_name = "route"
        verbose_name_plural = "routes"
        ordering = ["soort"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} → {self.team.name}"
