from django.db import models

from ..constants import Soort


class Route(models.Model):
    """Which team receives the reports of one kind.

    Editable by a meldpunt administrator in the admin ("Meldkanaal → Routes").
    """

    soort = models.CharField("soort", max_length=32, choices=Soort.choices, unique=True)
    team = models.ForeignKey(
        "meldkanaal.Team",
        verbose_name="team",
        on_delete=models.PROTECT,
        related_name="routes",
        help_text="Het team dat meldingen van deze soort ontvangt en behandelt.",
    )

    class Meta:
        verbose_name = "route"
        verbose_name_plural = "routes"
        ordering = ["soort"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} → {self.team.naam}"
