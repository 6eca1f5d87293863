"""No clock on a report, and mail only through the worker.

A submission leaves nothing that dates it finer than its day: not in the database (columns,
Fernet tokens, task rows), the cache, the files, the logs or the outbox. Its notification
leaves with the next batch at a fixed time, sent by the worker; the real database backend and
`db_worker` run here in-process, no running worker needed.
"""

import base64
import datetime
import logging
import os
import re
import struct

from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.utils import timezone

import pytest

from meldkanaal.constants import Identiteit, Soort
from meldkanaal.crypto import day_timestamp
from meldkanaal.models import Bijlage, Melding, Notificatie
from meldkanaal.services.notifications import BATCHED, next_batch_time
from tests.meldkanaal.factories import PDF, team_member

TOKEN = re.compile(r'name="formulier_token" value="([^"]+)"')


def _fernet_time(value: str) -> int:
    raw = base64.urlsafe_b64decode(value.encode() + b"==")
    return struct.unpack(">Q", raw[1:9])[0]


def _submit(client):
    token = TOKEN.search(client.get("/melden/").content.decode()).group(1)
    response = client.post(
        "/melden/",
        {
            "formulier_token": token,
            "soort": Soort.MISSTAND,
            "identiteit": Identiteit.ANONIEM,
            "beschrijving": "Er verdwijnt geld uit de kas.",
            "bijlagen": SimpleUploadedFile("bon.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 303
    assert "data-opvolgcode" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_submission_dates_the_report_by_the_day_only(client, form_page, caplog, settings):
    from django_tasks_db.models import DBTaskResult

    team_member(email="team@provincie.example")
    # The page itself fills the cache: the site lookup, the site settings' first row (which
    # forgets the pages) and then the empty form (ADR 0025). Nothing of a report.
    client.get("/melden/")
    client.get("/melden/")
    keys_before = _cache_keys()
    tasks_before = DBTaskResult.objects.count()
    caplog.set_level(logging.DEBUG)
    caplog.clear()

    _submit(client)

    midnight = day_timestamp()
    # Database: every row the submission made, every column: dates, no times; every Fernet
    # token made "at" midnight.
    for model in _report_models():
        for row in model.objects.all():
            for field in row._meta.concrete_fields:
                value = field.value_from_object(row)
                if isinstance(field, models.DateTimeField):
                    assert value is None, f"{model.__name__}.{field.name} holds a time"
    for column_value in _stored_fernet_tokens():
        assert _fernet_time(column_value) == midnight
    # No task row: the notification waits for a batch that was scheduled at another time.
    assert DBTaskResult.objects.count() == tasks_before
    # Cache: nothing new (the one-time token is in the database, with its day).
    assert _cache_keys() == keys_before
    # Files: the attachment and its folders say the day.
    bijlage = Bijlage.objects.get()
    assert int(os.stat(bijlage.pad).st_mtime) == midnight
    assert int(os.stat(bijlage.pad.parent).st_mtime) == midnight
    assert _fernet_time(bijlage.pad.read_bytes().decode()) == midnight
    # Logs: not a line (a log line carries its time).
    assert caplog.records == []
    # Outbox: waiting, dated by the day, not sent.
    notificatie = Notificatie.objects.get()
    assert notificatie.soort in BATCHED
    assert notificatie.aangemaakt_op == timezone.localdate()
    assert notificatie.verzonden_op is None
    assert mail.outbox == []


def _cache_keys() -> set:
    """Every key in this process's local-memory cache; with Redis (shared by the parallel
    test processes of the PostgreSQL+Redis pass) the keys that could be the meldkanaal's."""
    if hasattr(cache._cache, "get_client"):
        keys = cache._cache.get_client().keys("*")
        return {k for k in keys if b"meld" in k or b"formulier" in k or b"token" in k}
    return set(cache._cache)


def _report_models():
    """The meldkanaal's tables a report can write to (not the form page's own)."""
    from wagtail.models import Orderable, Page

    return [
        model
        for model in apps.get_app_config("meldkanaal").get_models()
        if not issubclass(model, Page | Orderable)
        # The team side: routes, teams, memberships and the security log (team members'
        # logins and account changes, timed on purpose) are not written by a submission.
        and model.__name__ not in {"Route", "Team", "Teamlidmaatschap", "Beveiligingsregel"}
    ]


def _stored_fernet_tokens() -> list[str]:
    """Every Fernet token stored in a meldkanaal table, read raw (as a database copy shows it)."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for model in _report_models():
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608 (our tables)
            for row in cursor.fetchall():
                found += [v for v in row if isinstance(v, str) and v.startswith("gAAAAA")]
    assert found, "no encrypted column found: the test would prove nothing"
    return found


def test_the_next_batch_is_at_a_fixed_time(settings):
    settings.MELDKANAAL_NOTIFICATION_TIMES = ["09:00", "13:00"]
    tz = timezone.get_current_timezone()
    at = datetime.datetime(2026, 3, 2, 10, 17, 43, tzinfo=tz)

    assert next_batch_time(at) == datetime.datetime(2026, 3, 2, 13, 0, tzinfo=tz)
    assert next_batch_time(at.replace(hour=13, minute=0, second=0)) == datetime.datetime(
        2026, 3, 3, 9, 0, tzinfo=tz
    )


def _run_worker():
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--backend",
        "worker",
        verbosity=0,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_the_batch_once_with_the_database_backend(client, form_page, settings):
    """django-tasks-db for real: the batch is a task row, `db_worker --batch` runs it."""
    from django_tasks_db.models import DBTaskResult

    from meldkanaal.services.notifications import schedule_next_batch, send_batch_task

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "worker": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    team_member(email="team@provincie.example")
    _submit(client)
    assert schedule_next_batch() is True  # what migrate and every batch do
    scheduled = DBTaskResult.objects.get(task_path=send_batch_task.module_path)
    assert scheduled.run_after == next_batch_time()
    _run_worker()
    assert mail.outbox == []  # not yet: the batch is at its fixed time

    # The fixed time has come (the row is moved, not the clock).
    DBTaskResult.objects.filter(pk=scheduled.pk).update(run_after=timezone.now())
    _run_worker()

    assert len(mail.outbox) == 1
    assert Notificatie.objects.get().verzonden_op == timezone.localdate()
    scheduled.refresh_from_db()
    assert scheduled.status == "SUCCESSFUL"
    # It scheduled the next batch; running the worker again sends nothing twice.
    nxt = DBTaskResult.objects.filter(task_path=send_batch_task.module_path, status="READY")
    assert nxt.count() == 1
    DBTaskResult.objects.filter(pk=nxt.get().pk).update(run_after=timezone.now())
    _run_worker()
    assert len(mail.outbox) == 1
    assert Melding.objects.count() == 1
