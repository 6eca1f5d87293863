"""Team mail exactly once across database trouble, against a real SMTP server on loopback.

The worker claims a row (committed), hands the mail to the server, then marks it sent
(services/notifications.py). These tests break the steps in between: the database connection
is killed right after the mail server accepted (PostgreSQL: pg_terminate_backend of the
worker's own connection; SQLite: the mark's first write fails), the worker stops between
acceptance and mark, the server refuses. The server is aiosmtpd; it records each message's
Message-ID, so a mail sent twice is seen, and that a resend carries the same Message-ID.
"""

import logging
import socket
import threading
from email import message_from_bytes

from django.db import OperationalError, connection, connections
from django.utils import timezone

import pytest
from aiosmtpd.controller import Controller

from meldkanaal.constants import NotificatieSoort
from meldkanaal.models import Notificatie
from meldkanaal.services import notifications
from meldkanaal.teams import MELDPUNT_INTEGRITEIT, ensure_team
from tests.meldkanaal.factories import team_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Sink:
    """Records (Message-ID, subject) per accepted message; `after_accept` runs before the
    server's "250" goes out; `refuse` answers 451 instead (a temporary failure)."""

    def __init__(self):
        self.messages: list[tuple[str, str]] = []
        self.after_accept = None
        self.refuse = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 probeer later"
        message = message_from_bytes(envelope.original_content)
        self.messages.append((message["Message-ID"], message["Subject"]))
        if self.after_accept is not None:
            self.after_accept()
        return "250 OK"


@pytest.fixture
def sink(settings):
    handler = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


@pytest.fixture
def outbox_row():
    team_member(email="team@provincie.example")
    return Notificatie.objects.create(
        team=ensure_team(MELDPUNT_INTEGRITEIT),
        soort=NotificatieSoort.DOORGEZET,
        nummer="M-2026-0001",
        onderwerp="Melding M-2026-0001 doorgezet naar jullie team",
        tekst="Melding M-2026-0001 is doorgezet naar jullie team.",
    )


@pytest.fixture(autouse=True)
def _quick_mark_retries(monkeypatch):
    monkeypatch.setattr(notifications, "MARK_RETRY_SECONDS", (0.05, 0.1, 0.2))


def _kill_the_workers_connection():
    """The worker's database connection dies just after the mail server accepted."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid

        def terminate():  # on a connection of its own
            try:
                with connections["default"].cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            finally:
                connections.close_all()

        def kill():  # called in the SMTP server's event loop, where Django's ORM may not run
            thread = threading.Thread(target=terminate)
            thread.start()
            thread.join()

        return kill, None

    # SQLite has no server to cut the line: the mark's first write fails as it would.
    failed = threading.Event()
    original = notifications.Notificatie.objects.filter

    def filter_failing_once(*args, **kwargs):
        queryset = original(*args, **kwargs)
        if failed.is_set() or "verzonden_op__isnull" not in kwargs or "pk" not in kwargs:
            return queryset

        class Failing(type(queryset)):
            def update(self, **values):
                if "verzonden_op" in values and not failed.is_set():
                    failed.set()
                    raise OperationalError("server closed the connection unexpectedly")
                return super().update(**values)

        queryset.__class__ = Failing
        return queryset

    return (lambda: None), filter_failing_once


def test_connection_lost_after_acceptance_is_marked_sent_not_sent_again(
    sink, outbox_row, monkeypatch, caplog
):
    hook, patched_filter = _kill_the_workers_connection()
    sink.after_accept = hook
    if patched_filter is not None:
        monkeypatch.setattr(notifications.Notificatie.objects, "filter", patched_filter)
    caplog.set_level(logging.WARNING, logger="meldkanaal.services")

    assert notifications.send_pending_notifications() == 1

    assert len(sink.messages) == 1
    row = Notificatie.objects.get(pk=outbox_row.pk)
    assert row.verzonden_op == timezone.localdate()
    assert row.verzendpoging == "" and row.volgende_poging is None and row.pogingen == 1
    assert "nog niet als verstuurd vastgelegd" in caplog.text
    # Nothing is sent again, by the worker or by hand.
    sink.after_accept = None
    assert notifications.send_pending_notifications(now_all=True) == 0
    assert len(sink.messages) == 1


class WorkerStopped(BaseException):
    """SIGKILL or power loss between the server's "250" and the mark."""


def test_a_worker_stopped_between_acceptance_and_mark_resends_once_with_the_same_message_id(
    sink, outbox_row, monkeypatch, caplog
):
    def stop(notificatie):
        raise WorkerStopped

    monkeypatch.setattr(notifications, "_mark_sent", stop)
    with pytest.raises(WorkerStopped):
        notifications.send_pending_notifications()
    monkeypatch.undo()
    assert len(sink.messages) == 1
    claimed = Notificatie.objects.get(pk=outbox_row.pk)
    assert claimed.verzendpoging and claimed.verzonden_op is None
    assert claimed.volgende_poging > timezone.now() + notifications.LEASE / 2

    # Within the lease neither another worker nor a by-hand send touches it.
    assert notifications.send_pending_notifications() == 0
    assert notifications.send_pending_notifications(now_all=True) == 0
    assert len(sink.messages) == 1

    # After the lease it is sent again — the one at-least-once case — with the same Message-ID.
    Notificatie.objects.filter(pk=outbox_row.pk).update(volgende_poging=timezone.now())
    caplog.set_level(logging.WARNING, logger="meldkanaal.services")
    assert notifications.send_pending_notifications() == 1
    assert "mogelijk dubbel" in caplog.text
    assert len(sink.messages) == 2
    assert sink.messages[0] == sink.messages[1]
    assert Notificatie.objects.get(pk=outbox_row.pk).verzonden_op is not None


def test_a_refusal_before_acceptance_waits_and_then_sends_once(sink, outbox_row):
    sink.refuse = 1
    assert notifications.send_pending_notifications() == 0
    row = Notificatie.objects.get(pk=outbox_row.pk)
    assert row.verzonden_op is None and row.verzendpoging == ""
    assert row.laatste_fout == "SMTPDataError" and row.volgende_poging > timezone.now()
    assert notifications.send_pending_notifications() == 0  # waits for its next attempt

    Notificatie.objects.filter(pk=outbox_row.pk).update(volgende_poging=timezone.now())
    assert notifications.send_pending_notifications() == 1
    assert len(sink.messages) == 1
    assert Notificatie.objects.get(pk=outbox_row.pk).pogingen == 2


def test_message_ids_differ_per_row_and_per_installation(outbox_row, settings):
    other = Notificatie.objects.create(
        team=outbox_row.team, soort=NotificatieSoort.DOORGEZET, onderwerp="x", tekst="y"
    )
    first = notifications._message_id(outbox_row)
    assert first == notifications._message_id(outbox_row)
    assert first != notifications._message_id(other)
    settings.SECRET_KEY = "een-andere-installatie-" * 3
    assert first != notifications._message_id(outbox_row)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: PostgreSQL")
def test_two_workers_at_once_send_each_row_once(sink, outbox_row):
    for index in range(2, 21):
        Notificatie.objects.create(
            team=outbox_row.team,
            soort=NotificatieSoort.DOORGEZET,
            nummer=f"M-2026-{index:04d}",
            onderwerp=f"Melding M-2026-{index:04d} doorgezet",
            tekst="-",
        )
    counts = []

    def worker():
        try:
            counts.append(notifications.send_pending_notifications())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # No row was claimed by both workers. A row one worker skipped while the other held its
    # lock, or whose send timed out on a loaded machine, waits for the next run (below).
    rows = Notificatie.objects.all()
    assert max(row.pogingen for row in rows) == 1
    assert sum(counts) == len(sink.messages) == rows.filter(verzonden_op__isnull=False).count()
    assert sum(counts) > 0
    counts.append(notifications.send_pending_notifications(now_all=True))
    assert sum(counts) == 20
    ids = [message_id for message_id, _ in sink.messages]
    assert len(ids) == len(set(ids)) == 20


def test_the_worker_waits_and_goes_on_after_a_database_error(monkeypatch):
    """The loop of `manage.py db_worker` (ReconnectingWorker): a database error makes it close
    its connections, wait and recover (fail its cut-off task, check the batch chain) instead
    of exiting. The real restart of a PostgreSQL cluster: tests/soak/test_soak.py."""
    from django_tasks_db.management.commands import db_worker as upstream

    from meldkanaal.management.commands import db_worker

    calls, pauses, recovered = [], [], []

    def run(self):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(upstream.Worker, "run", run)
    monkeypatch.setattr(db_worker.ReconnectingWorker, "sleep", lambda self, s: pauses.append(s))
    monkeypatch.setattr(db_worker.ReconnectingWorker, "recover", lambda self: recovered.append(1))
    worker = db_worker.ReconnectingWorker(
        queue_names=["default"],
        interval=0,
        batch=False,
        backend_name="worker",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
    )
    worker.run()
    assert len(calls) == 3  # went on twice, then ended as the upstream loop did
    assert pauses == [1, 2]  # growing pauses
    assert recovered == [1, 1]
