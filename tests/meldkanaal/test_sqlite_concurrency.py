"""The embedded default (a SQLite file, as `make run` uses) takes 20 reports at the same moment.

Runs in a fresh process against its own SQLite file: pytest's SQLite test database lives in
memory, where WAL and the busy timeout do not apply. In the SQLite pass under xdist the file
starts as a copy of the run's migrated template (tests/template_database.py), so the process
does not migrate again (15-20 s of a core); elsewhere it migrates its own file.
"""

import os
import subprocess
import sys
from pathlib import Path

from tests import template_database

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import re, threading
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.db import connection, connections
from django.test import Client
from wagtail.models import Site
from meldkanaal.models import Melding
from tests.meldkanaal.factories import make_form_page

assert connection.vendor == "sqlite"
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print("journal_mode", cursor.fetchone()[0])
make_form_page(Site.objects.get(is_default_site=True).root_page.specific)
connections.close_all()

THREADS = 20
barrier = threading.Barrier(THREADS)
results = []

def report(i):
    client = Client()
    try:
        html = client.get("/melden/").content.decode()
        token = re.search(r'name="formulier_token" value="([^"]+)"', html).group(1)
        barrier.wait(timeout=120)
        response = client.post("/melden/", {
            "formulier_token": token, "soort": "misstand", "identiteit": "anoniem",
            "beschrijving": f"Melding {i} op hetzelfde moment.",
        })
        shown = ""
        if response.status_code == 303:
            shown = client.get(response["Location"]).content.decode()
        results.append((response.status_code, "M-" in shown))
    except BaseException as error:
        results.append((repr(error), False))
    finally:
        connections.close_all()

threads = [threading.Thread(target=report, args=(i,)) for i in range(THREADS)]
for t in threads: t.start()
for t in threads: t.join()
print("answers", sorted(str(r[0]) for r in results))
print("confirmed", sum(1 for r in results if r[1]))
print("stored", Melding.objects.count(), len(set(Melding.objects.values_list("nummer", flat=True))))
"""


def test_twenty_reporters_at_once_on_a_sqlite_file_all_get_their_code(
    tmp_path, tmp_path_factory, request
):
    database = tmp_path / "embedded.sqlite3"
    request.getfixturevalue("django_db_setup")  # the run's template exists from here on
    template = template_database.sqlite_template(tmp_path_factory)
    if template:
        template_database.copy_sqlite(template, database)  # the script's migrate: nothing to do
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="integriteitsplein.settings.test",
        DATABASE_URL=f"sqlite:///{database}",
        PYTHONWARNINGS="ignore",
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=400,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["journal_mode"] == "wal"
    assert lines["answers"] == str(["303"] * 20)
    assert lines["confirmed"] == "20"
    assert lines["stored"] == "20 20"
