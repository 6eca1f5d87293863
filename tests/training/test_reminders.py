"""`manage.py training_herinneringen`: one mail per employee with open mandatory modules,
through the task worker, at most once per module per period."""

import io

from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from training.models import Afronding, Herinnering

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("training_herinneringen", *args, stdout=out)
    return out.getvalue()


def test_reminders_reach_who_has_not_done_it_once_per_period(
    django_capture_on_commit_callbacks, medewerker, coordinator, redacteur, elearning, classroom
):
    Afronding.objects.create(
        user=coordinator, module=elearning, gedaan_op=timezone.localdate(), bron="zelf"
    )
    Afronding.objects.create(
        user=coordinator, module=classroom, gedaan_op=timezone.localdate(), bron="organisator"
    )
    redacteur.email = ""
    redacteur.save()

    dry = _run("--dry-run", "--periode", "2026-12")
    assert "Zou 1 medewerker(s) een herinnering over 2 verplichte training(en)" in dry
    assert not Herinnering.objects.exists() and not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        out = _run("--periode", "2026-12")
    assert "Stuurt 1 medewerker(s)" in out
    [message] = mail.outbox
    assert message.to == [medewerker.email]
    assert message.subject == "Herinnering: verplichte trainingen nog te doen"
    assert elearning.title in message.body and classroom.title in message.body
    assert elearning.get_full_url() in message.body

    with django_capture_on_commit_callbacks(execute=True):
        again = _run("--periode", "2026-12")
    assert "Stuurt 0 medewerker(s)" in again and len(mail.outbox) == 1

    # Done in the meantime: next period only the classroom training is left.
    Afronding.objects.create(
        user=medewerker, module=elearning, gedaan_op=timezone.localdate(), bron="zelf"
    )
    with django_capture_on_commit_callbacks(execute=True):
        _run("--periode", "2027-01")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Herinnering: een verplichte training nog te doen"
    assert elearning.title not in mail.outbox[1].body


def test_a_wrong_period_is_refused_in_dutch():
    with pytest.raises(CommandError, match="JJJJ-MM"):
        _run("--periode", "december")
