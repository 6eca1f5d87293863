"""What the meldkanaal records about itself: the audit trail and the e-mail outbox.

Neither ever holds content or identity: only who (a team member), what, when and which case.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..constants import AuditActie, BeveiligingSoort, NotificatieSoort
from .chain import ChainedRecord


class AuditLog(ChainedRecord):
    """Who of the team did what with which case, when. Append-only (chain.py): the foreign
    keys have no database constraint, so deleting an account never has to update a row."""

    CHAIN_FIELDS = ("melding_id", "nummer", "gebruiker_id", "actie", "detail", "tijdstip")

    melding = models.ForeignKey(
        "meldkanaal.Melding",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="auditlog",
    )
    nummer = models.CharField("zaaknummer", max_length=16)
    # Empty for what the reporter does (the reporter is never identified here).
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actie = models.CharField(max_length=32, choices=AuditActie.choices)
    detail = models.CharField(max_length=200, blank=True)
    tijdstip = models.DateTimeField()

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"
        ordering = ["-tijdstip", "-pk"]

    def __str__(self) -> str:
        return f"{self.nummer} {self.actie}"

    @classmethod
    def schrijf(cls, melding, actie: str, user=None, detail: str = "") -> "AuditLog":
        now = timezone.now()
        if user is None:
            # The reporter's actions are recorded to the day only (no timing side channel).
            local = timezone.localtime(now)
            now = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return cls.objects.create(
            melding=melding,
            nummer=melding.nummer,
            gebruiker=user if user is not None and user.is_authenticated else None,
            actie=actie,
            detail=detail[:200],
            tijdstip=now,
        )


class Notificatie(models.Model):
    """An e-mail to a team, waiting in the outbox until the mail server accepts it.

    Subject and text are content-free by construction (built in services.py from the case
    number only). `meldkanaal_verzend` retries what is not sent yet.
    """

    team = models.ForeignKey("meldkanaal.Team", on_delete=models.CASCADE, related_name="+")
    # Changes to the team itself go to its beheerders only.
    alleen_beheerders = models.BooleanField(default=False)
    soort = models.CharField(max_length=16, choices=NotificatieSoort.choices)
    nummer = models.CharField(max_length=16, blank=True)
    onderwerp = models.CharField(max_length=200)
    tekst = models.TextField()
    aangemaakt_op = models.DateField(default=timezone.localdate)
    pogingen = models.PositiveIntegerField(default=0)
    verzonden_op = models.DateField(null=True, blank=True)
    laatste_fout = models.CharField(max_length=200, blank=True)
    # After a failure: not before this moment (set by the worker from its own run, so it
    # says when the worker ran, never when a report came in).
    volgende_poging = models.DateTimeField(null=True, blank=True)
    # The worker's claim while it sends (services/notifications.py): set and committed before
    # the mail server is asked, cleared when the row is marked sent or failed. A row still
    # claimed when its lease (volgende_poging) ends was left mid-send by a stopped worker.
    verzendpoging = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = "notificatie"
        verbose_name_plural = "notificaties"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.onderwerp


class Beveiligingsregel(ChainedRecord):
    """The security log: failed logins, lockouts, refused access to the meldkanaal and every
    change of a team member's account or of a team's members, with who did it.

    Never a password, code or report content. Users and teams are kept by name too, so a row
    still says who when the account is gone (the foreign keys have no database constraint:
    the row is never updated, see the append-only triggers).
    """

    CHAIN_FIELDS = (
        "tijdstip",
        "soort",
        "door_id",
        "door_naam",
        "betreft_id",
        "betreft_naam",
        "team_id",
        "detail",
    )

    tijdstip = models.DateTimeField(default=timezone.now)
    soort = models.CharField(max_length=32, choices=BeveiligingSoort.choices)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    door_naam = models.CharField("door", max_length=150, blank=True)
    betreft = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    betreft_naam = models.CharField("betreft", max_length=150, blank=True)
    team = models.ForeignKey(
        "meldkanaal.Team",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "beveiligingsregel"
        verbose_name_plural = "beveiligingslog"
        ordering = ["-tijdstip", "-pk"]

    def __str__(self) -> str:
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.get_soort_display()}"

    @classmethod
    def schrijf(cls, soort: str, *, door=None, betreft=None, team=None, detail: str = ""):
        def _user(user):
            if user is None or not getattr(user, "is_authenticated", False):
                return None, ""
            return user, user.get_username()

        door, door_naam = _user(door)
        betreft, betreft_naam = _user(betreft)
        return cls.objects.create(
            soort=soort,
            door=door,
            door_naam=door_naam,
            betreft=betreft,
            betreft_naam=betreft_naam,
            team=team,
            detail=detail[:300],
        )
