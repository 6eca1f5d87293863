import datetime
import io

from django.core import mail
from django.db import connection

import pytest

from meldkanaal import services
from meldkanaal.constants import AuditActie, Identiteit, Soort, Status, Uitkomst
from meldkanaal.models import AuditLog, Melding, Notificatie, Route
from meldkanaal.models.melding import add_months
from meldkanaal.services import ActieGeweigerd, Upload
from tests.meldkanaal.factories import CANARY, PDF, make_report, other_team, team_member

pytestmark = pytest.mark.django_db


def test_submit_gives_numbered_report_and_code(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        melding, code = make_report()
        second, _ = make_report()
    year = melding.ontvangen_op.year
    assert melding.nummer == f"M-{year}-0001"
    assert second.nummer == f"M-{year}-0002"
    assert len(services.normalize_code(code)) == 24  # 120 bits
    assert services.find_by_code(code) == melding
    assert services.find_by_code(code.lower().replace("-", " ")) == melding
    assert services.find_by_code("AAAA-" + code[5:]) is None
    assert code not in melding.opvolgcode_hash


def test_route_decides_the_team():
    team = other_team()
    Route.objects.filter(soort=Soort.ONGEWENST_GEDRAG).update(team=team)
    melding, _ = make_report(soort=Soort.ONGEWENST_GEDRAG)
    assert melding.team == team


def test_content_is_encrypted_at_rest(settings):
    melding, code = make_report(
        bijlagen=[Upload("verslag-" + CANARY + ".pdf", PDF, "application/pdf")]
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM meldkanaal_melding WHERE id = %s", [melding.pk])
        row = cursor.fetchone()
        cursor.execute("SELECT * FROM meldkanaal_bijlage WHERE melding_id = %s", [melding.pk])
        bijlage_row = cursor.fetchone()
    raw = " ".join(str(value) for value in (*row, *bijlage_row))
    assert CANARY not in raw
    assert "melder@example.org" not in raw
    assert services.normalize_code(code) not in raw
    bijlage = melding.bijlagen.get()
    stored = bijlage.pad.read_bytes()
    assert b"%PDF" not in stored
    assert bijlage.lees() == PDF
    assert str(settings.MEDIA_ROOT) not in str(bijlage.pad)
    # Python code sees the plain text.
    assert CANARY in Melding.objects.get(pk=melding.pk).beschrijving


def test_key_rotation_keeps_old_reports_readable(settings):
    from cryptography.fernet import Fernet

    from meldkanaal.models import Heropening

    melding, _ = make_report(bijlagen=[Upload("a.pdf", PDF, "application/pdf")])
    Heropening.objects.create(melding=melding, datum=melding.ontvangen_op, reden=CANARY)
    old_key = settings.MELDKANAAL_KEYS[0]
    settings.MELDKANAAL_KEYS = [Fernet.generate_key().decode(), old_key]
    assert CANARY in Melding.objects.get(pk=melding.pk).beschrijving
    from django.core.management import call_command

    call_command("meldkanaal_sleutel_roteren", stdout=io.StringIO())
    settings.MELDKANAAL_KEYS = settings.MELDKANAAL_KEYS[:1]
    assert CANARY in Melding.objects.get(pk=melding.pk).beschrijving
    assert melding.bijlagen.get().lees() == PDF
    assert Heropening.objects.get(melding=melding).reden == CANARY  # the reopening's reason too


def test_anonymous_report_drops_identity():
    melding, _ = make_report(identiteit=Identiteit.ANONIEM, naam="Piet", contact="piet@x.nl")
    melding.refresh_from_db()
    assert melding.naam == ""
    assert melding.contact == ""


def test_deadlines():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    melding, _ = make_report()
    melding.ontvangen_op = datetime.date(2026, 3, 2)
    melding.save()
    assert melding.bevestigen_voor == datetime.date(2026, 3, 9)
    assert melding.terugkoppeling_voor == datetime.date(2026, 6, 9)
    melding.ontvangst_bevestigd_op = datetime.date(2026, 3, 4)
    melding.save()
    assert melding.terugkoppeling_voor == datetime.date(2026, 6, 4)
    assert melding.termijn_status(datetime.date(2026, 6, 5)) == "te laat"
    assert melding.termijn_status(datetime.date(2026, 6, 2)) == "bijna"
    assert melding.termijn_status(datetime.date(2026, 4, 1)) == ""


def test_status_transitions_and_closing_rules():
    member = team_member()
    melding, _ = make_report()
    with pytest.raises(ActieGeweigerd):
        services.change_status(member, melding, Status.AFGEROND)  # ontvangen → afgerond
    services.change_status(member, melding, Status.IN_BEHANDELING)
    with pytest.raises(ActieGeweigerd, match="terugkoppeling"):
        services.change_status(member, melding, Status.AFGEROND)
    services.message_reporter(member, melding, "Uitkomst: we hebben het onderzocht.", True)
    services.record_outcome(member, melding, Uitkomst.GEGROND)
    melding = services.change_status(member, melding, Status.AFGEROND)
    assert melding.gesloten_op is not None
    with pytest.raises(ActieGeweigerd):
        services.change_status(member, melding, Status.IN_BEHANDELING)
    actions = list(AuditLog.objects.filter(melding=melding).values_list("actie", flat=True))
    assert actions.count(AuditActie.STATUS) == 2
    assert AuditActie.TERUGKOPPELING in actions


def test_non_member_cannot_act(superuser):
    melding, _ = make_report()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.change_status(superuser, melding, Status.IN_BEHANDELING)
    with pytest.raises(PermissionDenied):
        services.record_read(superuser, melding)


def test_notification_has_no_content_and_waits_for_the_batch(
    django_capture_on_commit_callbacks,
):
    from meldkanaal.services.notifications import send_batch_task

    team_member(email="team@provincie.example")
    with django_capture_on_commit_callbacks(execute=True):
        melding, _ = make_report()
    assert mail.outbox == []  # never at the moment of submission
    assert Notificatie.objects.get().verzonden_op is None

    send_batch_task.enqueue()  # the worker at one of the fixed times

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert f"Er is een nieuwe melding {melding.nummer} voor jullie team" in message.body
    assert CANARY not in message.body + message.subject
    assert message.to == ["team@provincie.example"]
    assert message.extra_headers["Message-ID"].startswith("<meldkanaal-notificatie-")
    assert Notificatie.objects.get().verzonden_op is not None
    send_batch_task.enqueue()  # a second run sends nothing twice
    assert len(mail.outbox) == 1


def test_mail_server_down_keeps_report_and_retries_after_a_pause(
    settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from meldkanaal.services.notifications import send_batch_task, send_pending_notifications

    team_member(email="team@provincie.example")
    settings.EMAIL_BACKEND = "tests.meldkanaal.mailbackend.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        melding, _ = make_report()
    send_batch_task.enqueue()
    assert Melding.objects.filter(pk=melding.pk).exists()
    notificatie = Notificatie.objects.get()
    assert notificatie.verzonden_op is None
    assert notificatie.pogingen == 1
    assert notificatie.laatste_fout == "ConnectionRefusedError"
    assert notificatie.volgende_poging > timezone.now()  # a pause, not a retry per request
    assert send_pending_notifications() == 0
    assert Notificatie.objects.get().pogingen == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.management import call_command

    call_command("meldkanaal_verzend", stdout=io.StringIO())
    notificatie.refresh_from_db()
    assert notificatie.verzonden_op is not None
    assert notificatie.pogingen == 2
    assert len(mail.outbox) == 1


def test_pass_on_moves_report_and_notifies_new_team():
    member = team_member()
    target = other_team()
    melding, _ = make_report()
    services.pass_on(member, melding, target)
    melding.refresh_from_db()
    assert melding.team == target
    log = AuditLog.objects.get(actie=AuditActie.DOORGEZET)
    assert log.gebruiker == member and target.name in log.detail
    assert Notificatie.objects.filter(team=target, nummer=melding.nummer).exists()
    assert not services.is_team_member(member, melding)


def test_statistics_mask_small_counts():
    for _ in range(6):
        make_report()
    make_report(soort=Soort.ONDERMIJNING)
    stats = services.statistics()
    assert ("Ondermijning", "<5") in stats["Soort"]
    # Shown as 6, the total 7 would give ondermijning away as 1: hidden as well ("*", any
    # number from 1), so the "<5" may again be anything from 1 to 4.
    assert ("Zakelijke integriteit", "*") in stats["Soort"]
    [(_, total)] = stats["Totaal"]
    assert total == "7"
    for _ in range(10):
        make_report(soort=Soort.MISSTAND)
    make_report(soort=Soort.ONDERMIJNING)
    stats = services.statistics()
    # 6 + 10 + 2 = 18: hiding the 6 as well leaves the "<5" anywhere in 1-4.
    assert sorted(stats["Soort"]) == [
        ("Ondermijning", "<5"),
        ("Vermoeden van een misstand", "10"),
        ("Zakelijke integriteit", "*"),
    ]
    assert stats["Totaal"][0][1] == "18"


def test_attachment_file_times_say_the_day_only():
    import datetime as dt

    from django.utils import timezone

    melding, _ = make_report(bijlagen=[Upload("a.pdf", PDF, "application/pdf")])
    bijlage = melding.bijlagen.get()
    stat = bijlage.pad.stat()
    midnight = dt.datetime.combine(bijlage.datum, dt.time(), timezone.get_current_timezone())
    assert stat.st_mtime == midnight.timestamp()
    assert stat.st_atime == midnight.timestamp()
    assert bijlage.pad.parent.stat().st_mtime == midnight.timestamp()
