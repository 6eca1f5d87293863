"""Retention: a closed report's content goes after the retention period; its register row stays."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..constants import END_STATES, AuditActie
from ..models import AuditLog, Melding


def clean_up(today: datetime.date | None = None) -> int:
    """Delete content, identity, messages and attachments of reports closed long enough ago.

    The register row stays (number, kind, team, dates, status, outcome) for the records
    the law asks for and for the yearly counts.
    """
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.MELDKANAAL_RETENTION_DAYS)
    cleaned = 0
    for melding in Melding.objects.filter(
        status__in=END_STATES, gesloten_op__lt=cutoff, opgeschoond_op__isnull=True
    ):
        with transaction.atomic():
            bijlagen = list(melding.bijlagen.all())
            melding.bijlagen.all().delete()
            melding.berichten.all().delete()
            melding.heropeningen.all().delete()  # their reasons may say what it was about
            melding.beschrijving = ""
            melding.antwoorden = {}
            melding.naam = ""
            melding.contact = ""
            melding.uitkomst_toelichting = ""
            melding.opvolgcode_hash = ""
            melding.opgeschoond_op = today
            melding.save()
            AuditLog.schrijf(melding, AuditActie.OPGESCHOOND)
            transaction.on_commit(lambda b=bijlagen: [x.verwijder_bestand() for x in b])
        cleaned += 1
    return cleaned
