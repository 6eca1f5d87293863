"""django-tasks-db's `db_worker`, for the backend that holds the background work: "worker",
and one that outlives a database restart.

settings.TASKS has two backends: "default" (immediate: Wagtail's own small tasks, so a
published page is findable at once, also without a worker) and "worker" (the database queue:
the meldkanaal's mail). Plain `manage.py db_worker` runs the second; `--backend` still works.

django-tasks-db's worker exits on the first database error (PostgreSQL restarted, a failover,
the network gone). This one drops its connections, waits (1, 2, 4 … up to 30 s) and goes on
when the database answers again; a task that was running when the database went away is
marked failed (the notifications it was sending stay in the outbox: see
services/notifications.py), and the chain of notification batches is checked, so no batch is
lost with it. A stop signal still ends it (after the task in hand).
"""

import logging
import time

from django.db import DatabaseError, InterfaceError, connections

from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

WORKER_BACKEND = "worker"
BACKOFF_SECONDS = (1, 2, 4, 8, 15, 30)

logger = logging.getLogger("django_tasks_db")


def _close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # a connection to a database that is gone may not close cleanly
            connection.connection = None


def keep_batches_going() -> None:
    from meldkanaal.services.notifications import schedule_next_batch, schedule_retry

    schedule_next_batch()
    schedule_retry()


class ReconnectingWorker(Worker):
    def run(self) -> None:
        failures = 0
        while self.running:
            try:
                if failures:
                    self.recover()
                super().run()
                return  # --batch or --max-tasks: done
            except (DatabaseError, InterfaceError) as error:
                if not self.running:
                    return
                pause = BACKOFF_SECONDS[min(failures, len(BACKOFF_SECONDS) - 1)]
                failures += 1
                logger.warning(
                    "Database niet bereikbaar (%s); worker %s probeert het over %s s opnieuw",
                    type(error).__name__,
                    self.worker_id,
                    pause,
                )
                self.running_task = False
                _close_connections()
                self.sleep(pause)
            else:
                failures = 0

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            # A batch that failed before it queued the next one must not end the chain.
            keep_batches_going()

    def sleep(self, seconds: float) -> None:
        # A signal during this pause exits at once (shutdown() sees no task running).
        time.sleep(seconds)

    def recover(self) -> None:
        """After an outage: fail this worker's tasks that were cut off, keep the batches going.

        Raises a database error while the database is still away (run() then waits longer).
        """
        from django_tasks_db.models import DBTaskResult

        for result in DBTaskResult.objects.running().filter(backend_name=self.backend_name):
            if self.worker_id in result.worker_ids:
                result.set_failed(ConnectionError("database weg tijdens deze taak"))
        keep_batches_going()
        logger.warning("Database weer bereikbaar; worker %s gaat verder", self.worker_id)


class Command(DbWorkerCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(backend_name=WORKER_BACKEND)

    def handle(self, *args, **options):
        import django_tasks_db.management.commands.db_worker as upstream

        # The upstream handle() builds its Worker by name: let it build ours.
        original = upstream.Worker
        upstream.Worker = ReconnectingWorker
        try:
            super().handle(*args, **options)
        finally:
            upstream.Worker = original
