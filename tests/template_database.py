"""One migrated test database per run, copied to every pytest-xdist worker.

Migrating the test database costs 15–20 s of a core (200+ migrations). Without this every
xdist worker migrates its own. With it the first worker migrates a template once, under a
lock in the folder all workers of a run share, and each worker starts from a copy:

- PostgreSQL: the template is `test_<name>` (the name a run without xdist uses); each worker's
  `test_<name>_gw0` is made with CREATE DATABASE … TEMPLATE, which copies files, not SQL.
- SQLite: the template is a file in the shared folder; each worker's in-memory database is
  filled from it with SQLite's backup API.

Everything else stays pytest-django's: names, serialized rollback, teardown. Without xdist
nothing changes. Installed by `django_db_modify_db_settings` in tests/conftest.py.
"""

import contextlib
import fcntl
import os
import re
import sqlite3
import subprocess
from pathlib import Path


@contextlib.contextmanager
def locked(path: Path):
    """An exclusive lock between the worker processes (released when the file closes)."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def run_shared_folder(tmp_path_factory) -> Path:
    """A folder that every xdist worker of this run shares (their temp folders' parent);
    without xdist, this process's own temp folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def install(shared: Path) -> None:
    """Make every connection's create_test_db start from the run's template."""
    from django.db import connections

    for alias in connections:
        creation = connections[alias].creation
        original = creation.create_test_db

        def create_test_db(
            verbosity=1,
            autoclobber=False,
            serialize=True,
            keepdb=False,
            creation=creation,
            original=original,
        ):
            return _from_template(creation, original, shared, verbosity, keepdb)

        creation.create_test_db = create_test_db


def _from_template(creation, original, shared: Path, verbosity: int, keepdb: bool) -> str:
    from django.conf import settings

    connection = creation.connection
    test_settings = connection.settings_dict.setdefault("TEST", {})
    worker_name = creation._get_test_db_name()
    vendor = connection.vendor
    if keepdb or vendor not in {"postgresql", "sqlite"}:
        return original(verbosity=verbosity, autoclobber=True, serialize=False, keepdb=keepdb)
    if vendor == "sqlite" and not creation.is_in_memory_db(worker_name):
        return original(verbosity=verbosity, autoclobber=True, serialize=False, keepdb=keepdb)

    worker_test_name = test_settings.get("NAME")
    if vendor == "postgresql":
        # pytest-django named it test_<name>_gw0; the template is test_<name>.
        template = re.sub(r"_gw\d+$", "", worker_name)
    else:
        template = str(shared / f"test-template-{connection.alias}.sqlite3")
    ready = shared / f"test-template-{connection.alias}.ready"
    with locked(shared / f"test-template-{connection.alias}.lock"):
        if not ready.exists():
            test_settings["NAME"] = template
            original(verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False)
            connection.close()
            ready.touch()
        test_settings["NAME"] = worker_test_name
        if vendor == "postgresql":
            _clone_postgresql(creation, template, worker_name)

    settings.DATABASES[connection.alias]["NAME"] = worker_name
    connection.settings_dict["NAME"] = worker_name
    connection.close()
    connection.ensure_connection()
    if vendor == "sqlite":
        with contextlib.closing(sqlite3.connect(template)) as source:
            source.backup(connection.connection)
    return worker_name


def _clone_postgresql(creation, template: str, target: str) -> None:
    """CREATE DATABASE … TEMPLATE needs no one connected to the template: the lock keeps the
    other workers out, and this worker's own connection is closed first."""
    connection = creation.connection
    connection.close()
    quote = connection.ops.quote_name
    with creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(target)}")
        cursor.execute(f"CREATE DATABASE {quote(target)} TEMPLATE {quote(template)}")


def _template_ready(tmp_path_factory) -> bool:
    """Whether the run has a migrated template (under xdist only). Waits while another
    worker is migrating it: copying then is cheaper than migrating again."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return False
    shared = run_shared_folder(tmp_path_factory)
    with locked(shared / "test-template-default.lock"):
        return (shared / "test-template-default.ready").exists()


def sqlite_template(tmp_path_factory) -> Path | None:
    """The run's migrated SQLite template (the SQLite pass under xdist, once a worker's test
    database is set up or being set up), or None."""
    template = run_shared_folder(tmp_path_factory) / "test-template-default.sqlite3"
    if _template_ready(tmp_path_factory) and template.exists():
        return template
    return None


def postgresql_template_dump(tmp_path_factory) -> bytes | None:
    """A plain SQL dump (pg_dump) of the run's migrated PostgreSQL template (the PostgreSQL
    pass under xdist; ask for `django_db_setup` first), or None. It holds what the migrations
    made, nothing else: tests only ever use copies. Dumped under the template's lock, because
    CREATE DATABASE … TEMPLATE (another worker starting) refuses while anyone is connected."""
    from django.db import connection

    if connection.vendor != "postgresql" or not os.environ.get("PYTEST_XDIST_WORKER"):
        return None
    database = connection.settings_dict
    shared = run_shared_folder(tmp_path_factory)
    with locked(shared / "test-template-default.lock"):
        if not (shared / "test-template-default.ready").exists():
            return None
        result = subprocess.run(  # noqa: S603 - fixed command line
            ["pg_dump", "--no-owner", "--no-privileges",  # noqa: S607 - the client on PATH
             "-h", database["HOST"] or "127.0.0.1", "-p", str(database["PORT"] or 5432),
             "-U", database["USER"] or "postgres", re.sub(r"_gw\d+$", "", database["NAME"])],
            check=True, capture_output=True,
        )  # fmt: skip
    return result.stdout


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database through SQLite's backup (a WAL file is included)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as from_db,
        contextlib.closing(sqlite3.connect(target)) as to_db,
    ):
        from_db.backup(to_db)
