import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from meldkanaal import services
from meldkanaal.constants import AuditActie, Status, Uitkomst
from meldkanaal.models import AuditLog, Bericht, Bijlage, Melding
from meldkanaal.services import Upload
from tests.meldkanaal.factories import CANARY, PDF, make_report, team_member

pytestmark = pytest.mark.django_db


def _age(melding, days):
    Melding.objects.filter(pk=melding.pk).update(
        ontvangen_op=timezone.localdate() - datetime.timedelta(days=days),
        bevestigen_voor=timezone.localdate() - datetime.timedelta(days=days - 7),
    )


def test_reminders_warn_the_team_without_content(django_capture_on_commit_callbacks):
    team_member(email="team@provincie.example")
    with django_capture_on_commit_callbacks(execute=True):
        late, _ = make_report()
        nearly, _ = make_report()
        fine, _ = make_report()
    _age(late, 10)
    _age(nearly, 5)
    mail.outbox.clear()

    call_command("meldkanaal_herinneringen", stdout=StringIO())

    reminders = [m for m in mail.outbox if m.subject.startswith("Herinnering")]
    assert len(reminders) == 1
    body = reminders[0].body
    assert f"{late.nummer}: ontvangst bevestigen" in body and "(te laat)" in body
    assert nearly.nummer in body
    assert fine.nummer not in body
    assert CANARY not in body + reminders[0].subject


def test_retention_removes_content_and_keeps_register_row(
    settings, django_capture_on_commit_callbacks
):
    member = team_member()
    old, code = make_report(bijlagen=[Upload("a.pdf", PDF, "application/pdf")])
    recent, _ = make_report()
    for melding in (old, recent):
        services.change_status(member, melding, Status.IN_BEHANDELING)
        services.message_reporter(member, melding, f"Terugkoppeling {CANARY}", True)
        services.record_outcome(member, melding, Uitkomst.ONGEGROND, CANARY)
        services.change_status(member, melding, Status.AFGEROND)
    path = old.bijlagen.get().pad
    Melding.objects.filter(pk=old.pk).update(
        gesloten_op=timezone.localdate()
        - datetime.timedelta(days=settings.MELDKANAAL_RETENTION_DAYS + 1)
    )

    with django_capture_on_commit_callbacks(execute=True):  # files go once the change commits
        call_command("meldkanaal_opschonen", stdout=StringIO())

    old.refresh_from_db()
    assert old.opgeschoond_op == timezone.localdate()
    assert (old.beschrijving, old.naam, old.contact, old.uitkomst_toelichting) == ("", "", "", "")
    assert old.opvolgcode_hash == ""
    assert (old.nummer, old.soort, old.uitkomst) == (
        old.nummer,
        "zakelijke_integriteit",
        "ongegrond",
    )
    assert not Bijlage.objects.filter(melding=old).exists()
    assert not Bericht.objects.filter(melding=old).exists()
    assert not path.exists()
    assert services.find_by_code(code) is None
    assert AuditLog.objects.filter(melding=old, actie=AuditActie.OPGESCHOOND).exists()

    recent.refresh_from_db()
    assert CANARY in recent.beschrijving
    assert recent.opgeschoond_op is None
