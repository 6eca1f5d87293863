"""django-tasks-db's `db_worker`, for the backend that holds the background work: "worker".

settings.TASKS has two backends: "default" (immediate: Wagtail's own small tasks, so a
published page is findable at once, also without a worker) and "worker" (the database queue:
the meldkanaal's mail). Plain `manage.py db_worker` runs the second; `--backend` still works.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

WORKER_BACKEND = "worker"


class Command(DbWorkerCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(backend_name=WORKER_BACKEND)
