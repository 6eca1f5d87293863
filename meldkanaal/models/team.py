"""The meldpunt's teams: who reads which reports, and who manages who is in a team.

A team is a domain object of its own, not a Django group: only a beheerder of the team (in
the meldkanaal's own admin, "Meldkanaal → Teams") changes who is in it. Superuser status and
group permissions give no access to reports at all (docs/adr, "Teams in het meldkanaal").
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Rol(models.TextChoices):
    LID = "lid", "Lid"
    BEHEERDER = "beheerder", "Beheerder"


class TeamQuerySet(models.QuerySet):
    def van(self, user):
        """The teams the user is an active member of."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(lidmaatschappen__gebruiker=user, lidmaatschappen__actief=True)

    def beheerd_door(self, user):
        return self.van(user).filter(lidmaatschappen__rol=Rol.BEHEERDER)


class Team(models.Model):
    naam = models.CharField("naam", max_length=100, unique=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam

    @property
    def name(self) -> str:  # the templates and e-mails of the group era say team.name
        return self.naam

    def actieve_lidmaatschappen(self):
        return self.lidmaatschappen.filter(actief=True, gebruiker__is_active=True).select_related(
            "gebruiker"
        )

    def heeft_lezers(self) -> bool:
        """At least one active member with an active account: someone can read its reports."""
        return self.actieve_lidmaatschappen().exists()

    def beheerders(self):
        return [m.gebruiker for m in self.actieve_lidmaatschappen().filter(rol=Rol.BEHEERDER)]


class Teamlidmaatschap(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="lidmaatschappen")
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="teamlid",
        on_delete=models.CASCADE,
        related_name="teamlidmaatschappen",
    )
    rol = models.CharField("rol", max_length=16, choices=Rol.choices, default=Rol.LID)
    # A beheerder can deactivate a member (offboarding) without losing who it was.
    actief = models.BooleanField("actief", default=True)
    toegevoegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="toegevoegd door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    toegevoegd_op = models.DateTimeField("toegevoegd op", default=timezone.now)

    class Meta:
        verbose_name = "teamlidmaatschap"
        verbose_name_plural = "teamlidmaatschappen"
        ordering = ["team__naam", "gebruiker__username"]
        constraints = [
            models.UniqueConstraint(fields=["team", "gebruiker"], name="teamlid_eenmaal_per_team")
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} in {self.team} ({self.get_rol_display()})"
