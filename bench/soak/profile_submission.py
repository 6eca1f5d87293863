"""Cost of one submission (GET the form, POST it, GET the confirmation), request by request.

    DJANGO_SETTINGS_MODULE=integriteitsplein.settings.production DATABASE_URL=… REDIS_URL=… \\
        .venv/bin/python bench/soak/profile_submission.py [--runs 30] [--attachment] [--html DIR]

Runs in-process through Django's test client with the settings of the environment (meant:
production, PostgreSQL, Redis, encryption on; the database needs the form page and a routed
team: `bench/soak/djangoside.py setup`). Per request it prints the median CPU time of this
process (time.process_time: Python, templates, crypto; not the database server's), wall time
and the number of queries; `--html DIR` writes a pyinstrument profile of one of each.
"""

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

HOST = settings.ALLOWED_HOSTS[0]
TOKEN = re.compile(r'name="formulier_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"0" * (1024 * 1024 - 40) + b"\n%%EOF\n"


def measure(name, call, results, profiler=None):
    with CaptureQueriesContext(connection) as queries:
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler is not None:
            profiler.start()
        response = call()
        if profiler is not None:
            profiler.stop()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    results.setdefault(name, []).append((cpu * 1000, wall * 1000, len(queries)))
    return response


_CLIENTS: list = []


def _client() -> Client:
    if not _CLIENTS:
        _CLIENTS.append(
            Client(enforce_csrf_checks=True, HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
        )
    return _CLIENTS[0]


def one_submission(results, attachment=False, profilers=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    profilers = profilers or {}
    client = _client()
    client.cookies.clear()  # a new reporter; one client, so the middleware is built once
    path = settings.MELDKANAAL_PATH
    form = measure("GET form", lambda: client.get(path), results, profilers.get("GET form"))
    assert form.status_code == 200, form.status_code
    text = form.content.decode()
    data = {
        "csrfmiddlewaretoken": CSRF.search(text).group(1),
        "formulier_token": TOKEN.search(text).group(1),
        "soort": "misstand",
        "beschrijving": "Profiel van een melding " + "x" * 400,
        "identiteit": "anoniem",
    }
    if attachment:
        data["bijlagen"] = SimpleUploadedFile("bewijs.pdf", PDF, "application/pdf")
    post = measure(
        "POST",
        lambda: client.post(path, data, HTTP_REFERER=f"https://{HOST}{path}"),
        results,
        profilers.get("POST"),
    )
    assert post.status_code == 303, (post.status_code, post.content[:2000])
    page = measure(
        "GET confirmation",
        lambda: client.get(post["Location"]),
        results,
        profilers.get("GET confirmation"),
    )
    assert b"data-opvolgcode" in page.content, page.status_code


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--attachment", action="store_true", help="a 1 MB PDF with each")
    parser.add_argument("--html", type=Path, help="write pyinstrument profiles here")
    args = parser.parse_args(argv)
    results: dict[str, list] = {}
    for _ in range(3):  # warm up: imports, template loading, connections
        one_submission({}, args.attachment)
    for _ in range(args.runs):
        one_submission(results, args.attachment)
    total_cpu = 0.0
    print(f"{args.runs} submissions, {settings.DATABASES['default']['ENGINE'].split('.')[-1]}")
    print("request            CPU ms (median)  wall ms (median)  queries")
    for name, rows in results.items():
        cpu = statistics.median(r[0] for r in rows)
        wall = statistics.median(r[1] for r in rows)
        total_cpu += cpu
        print(f"{name:18} {cpu:15.1f} {wall:17.1f} {rows[-1][2]:8d}")
    print(f"{'submission':18} {total_cpu:15.1f}")
    if args.html:
        from pyinstrument import Profiler

        args.html.mkdir(parents=True, exist_ok=True)
        profilers = {name: Profiler(interval=0.0005) for name in results}
        one_submission({}, args.attachment, profilers)
        for name, profiler in profilers.items():
            target = args.html / (name.replace(" ", "-").lower() + ".html")
            target.write_text(profiler.output_html())
            (args.html / (name.replace(" ", "-").lower() + ".txt")).write_text(
                profiler.output_text(unicode=True, color=False, show_all=False)
            )
        print(f"profiles in {args.html}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
