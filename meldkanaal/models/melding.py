"""The case (Melding), its counter, messages and attachments.

Nothing here is indexed by Wagtail search (no index.Indexed) and nothing is exposed by an API.
Content, identity, messages and file names are Fernet tokens in the database (crypto.py).
"""

import calendar
import contextlib
import datetime
import io
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils import timezone

from ..constants import (
    ACKNOWLEDGE_DAYS,
    ATTACHMENT_PART_SIZE,
    END_STATES,
    FEEDBACK_MONTHS,
    HANDLER_DAYS,
    NEARLY_DUE_DAYS,
    TRANSITIONS,
    Afzender,
    Identiteit,
    Kanaal,
    Soort,
    Status,
    Uitkomst,
)
from ..crypto import (
    EncryptedJSONField,
    EncryptedTextField,
    decrypt_bytes,
    encrypt_bytes,
    fernet,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the end of a shorter month (31 Jan + 1 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class MeldingTeller(models.Model):
    """One row per year; locked (select_for_update) while a case number is handed out."""

    jaar = models.PositiveIntegerField(primary_key=True)
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "meldingteller"

    def __str__(self) -> str:
        return f"{self.jaar}: {self.laatste}"


class MeldingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule of who reads a report: an active member (with an active account) of the
        team it is routed to, who is not excluded from this case (conflict of interest).
        Superuser status and permissions count for nothing here."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        from .handling import Uitsluiting

        return self._of_teams_of(user).filter(
            ~models.Exists(
                Uitsluiting.objects.filter(melding=models.OuterRef("pk"), gebruiker=user)
            )
        )

    def excluded_for(self, user):
        """The cases of the user's teams that the user is excluded from: they may see that
        these exist (number and status), nothing else (services.access decides per case)."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        from .handling import Uitsluiting

        return self._of_teams_of(user).filter(
            models.Exists(Uitsluiting.objects.filter(melding=models.OuterRef("pk"), gebruiker=user))
        )

    def _of_teams_of(self, user):
        from .team import Teamlidmaatschap

        return self.filter(
            models.Exists(
                Teamlidmaatschap.objects.filter(
                    team=models.OuterRef("team"), gebruiker=user, actief=True
                )
            )
        )

    def open(self):
        return self.exclude(status__in=END_STATES)

    def met_termijn(self):
        """Annotate `volgende_termijn`: the first deadline still to meet (None when none)."""
        return self.annotate(
            volgende_termijn=Case(
                When(status__in=END_STATES, then=None),
                When(ontvangst_bevestigd_op__isnull=True, then=F("bevestigen_voor")),
                When(
                    Q(terugkoppeling_gegeven_op__isnull=True) & Q(melder_onbereikbaar=False),
                    then=F("terugkoppeling_voor"),
                ),
                default=None,
                output_field=models.DateField(),
            )
        )

    def met_aandacht(self, today: datetime.date | None = None):
        """Annotate `volgende_termijn`, `zonder_behandelaar` (open, no behandelaar and more
        than HANDLER_DAYS after receipt) and `aandacht` (0: needs attention now — a new
        message from the reporter, a deadline passed or within NEARLY_DUE_DAYS, or no
        behandelaar in time; 1: the rest)."""
        today = today or timezone.localdate()
        zonder_behandelaar = (
            Q(behandelaar__isnull=True)
            & Q(ontvangen_op__lt=today - datetime.timedelta(days=HANDLER_DAYS))
            & ~Q(status__in=END_STATES)
        )
        return self.met_termijn().annotate(
            zonder_behandelaar=Case(
                When(zonder_behandelaar, then=True),
                default=False,
                output_field=models.BooleanField(),
            ),
            aandacht=Case(
                When(nieuw_van_melder=True, then=0),
                When(
                    volgende_termijn__lte=today + datetime.timedelta(days=NEARLY_DUE_DAYS), then=0
                ),
                When(zonder_behandelaar, then=0),
                default=1,
                output_field=models.IntegerField(),
            ),
        )

    def urgentie_eerst(self, today: datetime.date | None = None):
        """What needs attention first (see met_aandacht), then by deadline, then the newest."""
        return self.met_aandacht(today).order_by(*URGENCY_ORDER)


# The order of the team's list and the dashboard: what needs attention, then deadlines.
URGENCY_ORDER = (
    F("aandacht").asc(),
    F("volgende_termijn").asc(nulls_last=True),
    "-ontvangen_op",
    "-volgnummer",
)


class Melding(models.Model):
    """A report of a suspected integrity violation or misstand.

    Dates are days, never times: an anonymous report must not be traceable through the
    moment it arrived, and the legal deadlines count in days and months anyway.
    """

    nummer = models.CharField("zaaknummer", max_length=16, unique=True, editable=False)
    jaar = models.PositiveIntegerField(editable=False)
    volgnummer = models.PositiveIntegerField(editable=False)

    soort = models.CharField("soort", max_length=32, choices=Soort.choices)
    identiteit = models.CharField("hoe gemeld", max_length=16, choices=Identiteit.choices)
    kanaal = models.CharField(max_length=16, choices=Kanaal.choices, default=Kanaal.FORMULIER)
    team = models.ForeignKey(
        "meldkanaal.Team", verbose_name="team", on_delete=models.PROTECT, related_name="meldingen"
    )
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.ONTVANGEN)
    uitkomst = models.CharField(max_length=32, choices=Uitkomst.choices, blank=True)

    ontvangen_op = models.DateField("ontvangen")
    bevestigen_voor = models.DateField("ontvangst bevestigen vóór", editable=False)
    ontvangst_bevestigd_op = models.DateField("ontvangst bevestigd", null=True, blank=True)
    terugkoppeling_voor = models.DateField("terugkoppeling vóór", editable=False)
    terugkoppeling_gegeven_op = models.DateField("terugkoppeling gegeven", null=True, blank=True)
    melder_onbereikbaar = models.BooleanField("melder niet bereikbaar", default=False)
    verslag_gecontroleerd = models.BooleanField(
        "melder heeft het verslag gecontroleerd", default=False
    )
    gesloten_op = models.DateField("gesloten", null=True, blank=True)
    opgeschoond_op = models.DateField("inhoud verwijderd", null=True, blank=True)
    # A closed case opened again (services.case_actions.reopen); the feedback term restarts.
    heropend_op = models.DateField("heropend", null=True, blank=True)
    # The named team member who handles the case (the Directive's "designated impartial
    # person"): an active member of the team who is not excluded from it.
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="behandelaar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A message from the reporter that no team member has opened yet. Read per team, not
    # per member: the team handles a case as one, and one colleague opening the case file
    # (which the audit log records) is what "the team has seen it" means; per-member marks
    # would keep every case new for members who do not handle it.
    nieuw_van_melder = models.BooleanField("nieuw bericht van de melder", default=False)

    # Encrypted: what it is about, the answers to extra questions, who reports, the outcome text.
    beschrijving = EncryptedTextField(blank=True)
    antwoorden = EncryptedJSONField(blank=True, default=dict)
    naam = EncryptedTextField(blank=True)
    contact = EncryptedTextField(blank=True)
    uitkomst_toelichting = EncryptedTextField(blank=True)

    # The follow-up code: a short lookup prefix and a slow hash of the whole code.
    opvolgcode_prefix = models.CharField(max_length=8, db_index=True, editable=False)
    opvolgcode_hash = models.CharField(max_length=256, editable=False)

    objects = MeldingQuerySet.as_manager()
    # Not in Wagtail's reference index (the admin registers the model there): a row per
    # report in a table the editors' "usage" views read, and three queries per submission.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        ordering = ["-jaar", "-volgnummer"]
        constraints = [
            models.UniqueConstraint(fields=["jaar", "volgnummer"], name="melding_jaar_volgnummer")
        ]
        permissions = [("view_statistiek", "Kan aantallen meldingen zien en exporteren")]

    def __str__(self) -> str:
        return self.nummer

    def save(self, *args, **kwargs):
        self.bereken_termijnen()
        super().save(*args, **kwargs)

    # --- deadlines -------------------------------------------------------------

    def bereken_termijnen(self) -> None:
        self.bevestigen_voor = self.ontvangen_op + datetime.timedelta(days=ACKNOWLEDGE_DAYS)
        # Feedback is due 3 months after the acknowledgement; without one, 3 months after
        # the 7 days the acknowledgement should have taken (Wet bescherming klokkenluiders).
        start = self.ontvangst_bevestigd_op or self.bevestigen_voor
        # A reopened case owes the reporter new feedback: 3 months from the reopening
        # (services.case_actions.reopen says why), never earlier than the first term.
        if self.heropend_op is not None:
            start = max(start, self.heropend_op)
        self.terugkoppeling_voor = add_months(start, FEEDBACK_MONTHS)

    @property
    def behandelaar_voor(self) -> datetime.date:
        return self.ontvangen_op + datetime.timedelta(days=HANDLER_DAYS)

    def mist_behandelaar(self, today: datetime.date | None = None) -> bool:
        """Open, without a behandelaar, and more than HANDLER_DAYS after receipt."""
        if self.is_gesloten or self.behandelaar_id is not None:
            return False
        return self.behandelaar_voor < (today or timezone.localdate())

    @property
    def is_gesloten(self) -> bool:
        return self.status in END_STATES

    def volgende_termijn_datum(self) -> datetime.date | None:
        if self.is_gesloten:
            return None
        if self.ontvangst_bevestigd_op is None:
            return self.bevestigen_voor
        if self.terugkoppeling_gegeven_op is None and not self.melder_onbereikbaar:
            return self.terugkoppeling_voor
        return None

    def termijn_status(self, today: datetime.date | None = None) -> str:
        """'te laat', 'bijna' or '' for the next deadline."""
        deadline = self.volgende_termijn_datum()
        if deadline is None:
            return ""
        today = today or timezone.localdate()
        if deadline < today:
            return "te laat"
        if deadline <= today + datetime.timedelta(days=NEARLY_DUE_DAYS):
            return "bijna"
        return ""

    # --- status ----------------------------------------------------------------

    def toegestane_statussen(self) -> list[str]:
        return list(TRANSITIONS[self.status])

    @property
    def kan_sluiten(self) -> bool:
        return self.terugkoppeling_gegeven_op is not None or self.melder_onbereikbaar

    @property
    def is_opgeschoond(self) -> bool:
        return self.opgeschoond_op is not None

    # --- what the reporter sees on the follow-up page ----------------------------

    def berichten_voor_melder(self):
        """The messages both ways, each with the names of the reporter's attachments."""
        return self.berichten.prefetch_related(
            models.Prefetch(
                "bijlagen",
                queryset=Bijlage.objects.filter(afzender=Afzender.MELDER),
                to_attr="melder_bijlagen",
            )
        )

    def bijlagen_bij_melding(self):
        """The attachments the reporter sent with the report itself (not with a message)."""
        return self.bijlagen.filter(afzender=Afzender.MELDER, bericht__isnull=True)

    def antwoorden_voor_melder(self) -> list[tuple[str, str]]:
        """The answers to the extra questions, as (question, answer), in the order given."""
        return [(str(vraag), str(antwoord)) for vraag, antwoord in (self.antwoorden or {}).items()]


class Bericht(models.Model):
    """A message between the reporter and the team, shown in the reporter's follow-up inbox."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="berichten")
    afzender = models.CharField(max_length=8, choices=Afzender.choices)
    tekst = EncryptedTextField()
    datum = models.DateField()
    is_bevestiging = models.BooleanField(default=False)
    is_terugkoppeling = models.BooleanField(default=False)

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        ordering = ["datum", "pk"]

    def __str__(self) -> str:
        return f"Bericht bij {self.melding_id}"


def _private_file(path: Path):
    """Open for writing, readable by this user only from the first byte on."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def _storage_root() -> Path:
    return Path(settings.MELDKANAAL_STORAGE_ROOT)


class Bijlage(models.Model):
    """An attachment: an encrypted file under a generated name outside the media folder."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="bijlagen")
    bericht = models.ForeignKey(
        Bericht, null=True, blank=True, on_delete=models.SET_NULL, related_name="bijlagen"
    )
    afzender = models.CharField(max_length=8, choices=Afzender.choices, default=Afzender.MELDER)
    opslagnaam = models.CharField(max_length=64, unique=True, editable=False)
    bestandsnaam = EncryptedTextField()
    content_type = models.CharField(max_length=128)
    grootte = models.PositiveIntegerField()
    datum = models.DateField()

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Bijlage {self.pk}"

    @property
    def pad(self) -> Path:
        return _storage_root() / self.opslagnaam[:2] / self.opslagnaam

    @staticmethod
    def nieuwe_opslagnaam() -> str:
        return uuid.uuid4().hex

    def schrijf(self, data) -> None:
        """Encrypt and write the file (bytes or a readable file). Call before saving the row.

        The file is encrypted in parts of 1 MB, one Fernet token per line, so that neither
        writing nor key rotation needs the whole attachment in memory. A file written
        before this (one token, no line break) reads the same way.
        """
        path = self.pad
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        source = io.BytesIO(data) if isinstance(data, bytes) else data
        source.seek(0)
        with _private_file(path) as out:
            while part := source.read(ATTACHMENT_PART_SIZE):
                out.write(encrypt_bytes(part) + b"\n")
        source.seek(0)
        # The file's times say the day only, like the row (the kernel's ctime cannot be set).
        midnight = datetime.datetime.combine(
            self.datum, datetime.time(), timezone.get_current_timezone()
        )
        os.utime(path, (midnight.timestamp(), midnight.timestamp()))
        for folder in (path.parent, path.parent.parent):  # a folder's time moves too
            with contextlib.suppress(PermissionError):  # a storage root owned by someone else
                os.utime(folder, (midnight.timestamp(), midnight.timestamp()))

    def _tokens(self, root: Path | None = None):
        path = self.pad if root is None else root / self.opslagnaam[:2] / self.opslagnaam
        with open(path, "rb") as stored:
            for line in stored:
                if line.strip():
                    yield line.strip()

    def delen(self, root: Path | None = None):
        """The plain content part by part (1 MB each), for a download that streams."""
        for token in self._tokens(root):
            yield decrypt_bytes(token)

    def lees(self, root: Path | None = None) -> bytes:
        """The plain content (from another store, e.g. a restored backup, with `root`)."""
        return b"".join(self.delen(root))

    def herversleutel(self) -> None:
        """Encrypt the stored file again with the newest key, part by part."""
        path = self.pad
        if not path.exists():
            return
        stat = path.stat()
        fresh = path.with_name(path.name + ".nieuw")
        with _private_file(fresh) as out:
            for token in self._tokens():
                out.write(fernet().rotate(token) + b"\n")
        os.utime(fresh, (stat.st_atime, stat.st_mtime))
        fresh.replace(path)

    def verwijder_bestand(self) -> None:
        self.pad.unlink(missing_ok=True)
