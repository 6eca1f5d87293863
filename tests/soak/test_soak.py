"""The soak harness's short scenarios (bench/soak/soak.py), in the PostgreSQL pass of CI.

Each test runs a scenario of the harness against its own stack (a PostgreSQL cluster, Redis,
an SMTP sink and gunicorn on production settings, on free loopback ports) and states the
guarantees: no acknowledged report lost, none stored twice, every code shown opens its own
report. The full figures (500 reports, 25 at once) come from `make soak`: docs/reliability.md.
"""

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from tests import template_database

pytestmark = pytest.mark.soak

HARNESS = Path(__file__).resolve().parents[2] / "bench" / "soak" / "soak.py"


def _harness():
    spec = importlib.util.spec_from_file_location("soak_harness", HARNESS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _can_run() -> str | None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return "runs in the PostgreSQL pass only (DATABASE_URL=postgres://…)"
    if os.geteuid() != 0 or not shutil.which("runuser") or not shutil.which("redis-server"):
        return "needs root (to run initdb as postgres), runuser and redis-server"
    return None


@pytest.fixture(scope="module")
def stack(request, tmp_path_factory):
    reason = _can_run()
    if reason:
        pytest.skip(reason)
    soak = _harness()
    # The run's migrated template, copied into the stack's own cluster (or migrated there
    # when there is none: without xdist).
    request.getfixturevalue("django_db_setup")
    migrated_sql = template_database.postgresql_template_dump(tmp_path_factory)
    running = soak.Stack(workers=2, migrated_sql=migrated_sql).up()
    yield soak, running
    running.down()


def _run(stack, name):
    soak, running = stack
    # The worker batches mails each minute; waiting for that would cost a minute per test:
    # after 3 s the rest goes by hand (meldkanaal_verzend), as after an outage.
    result = soak.run_scenario(running, name, reports=20, concurrency=5, quick=True, mail_timeout=3)
    print(result)  # shown with -s or on failure
    return result


def _guarantees(result):
    assert result["lost"] == 0
    assert result["duplicates"] == 0
    assert result["codes_wrong"] == 0
    assert result["stored"] >= result["acknowledged"]
    # Every stored report's team mail, once (the worker's or the by-hand send).
    assert result["mails_missing"] == 0
    assert result["mails_duplicated"] == 0


def test_reports_at_once_are_all_stored_with_their_code(stack):
    result = _run(stack, "baseline")
    _guarantees(result)
    assert result["acknowledged"] == result["sent"] == result["stored"]
    assert result["codes_lost"] == 0
    assert result["5xx"] == 0


def test_a_killed_worker_loses_no_acknowledged_report(stack):
    _guarantees(_run(stack, "worker-kill"))


def test_redis_stopped_loses_no_acknowledged_report(stack):
    _guarantees(_run(stack, "redis-stop"))


def test_the_task_worker_outlives_a_postgresql_restart_and_sends_each_mail_once(stack):
    """Issue 12: `manage.py db_worker` exited when PostgreSQL restarted. Mails queued just
    before and just after a restart of the stack's own cluster all arrive, once, from the
    same worker process."""
    soak, running = stack
    result = soak.run_worker_restart(running, mails=20, timeout=45)
    print(result)
    assert result["worker_alive"] and result["worker_pid_same"]
    assert result["task_worker_restarts"] == 0
    assert result["mails_delivered"] == result["mails_queued"]
    assert result["mails_duplicated"] == 0
