"""`make bench`: the site under load, page by page, beside a bare Django view (issue 13).

Prepares a database and a Redis db of its own (never your working ones), fills them to
--pages pages (bench/generate.py: news, policies with versions, PDFs, contact persons), starts
gunicorn on loopback with the production settings, and measures each address with wrk
(Debian package `wrk`) logged in as `medewerker`: once right after emptying the cache (cold)
and once after that (warm). Prints req/s, p50/p99 latency, the ratio to the baseline view
(/bench/baseline/, BENCH_BASELINE) from the same run, the first request after the start and
the workers' memory.

    make bench                                   # defaults below
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_site \\
    BENCH_REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/python bench/site_bench.py --pages 10000

The figures depend on the machine and on what else runs on it: compare ratios from one run.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SECRET = "bench-only-secret-key-not-for-any-real-deployment-0123456789"
FERNET = "WGHeAdi5xMlzZfU1RB4YGJr0jSSVDtzBVLfIfiigDOw="


def environment(args, static_root: Path, port: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": args.database,
        "REDIS_URL": args.redis,
        "SECRET_KEY": SECRET,
        "MELDKANAAL_KEY": FERNET,
        "MELDKANAAL_CODE_KEY": FERNET,
        "EMAIL_URL": "smtp://127.0.0.1:9",  # nothing is mailed by reading pages
        "SITE_URL": f"http://127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(static_root.parent / "media"),
        "BENCH_BASELINE": "true",
        "LOG_LEVEL": "WARNING",
    }


PREPARE = r"""
import os, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "integriteitsplein.settings.dev"
import django
django.setup()
import io, random
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from wagtail.models import Page
settings.DEBUG = True  # load_demo refuses to run otherwise
call_command("migrate", verbosity=0)
if not Page.objects.filter(depth=3).exists():
    call_command("load_demo", stdout=io.StringIO())
from generate import generate
generate({pages}, news={news}, contacts={contacts})
from kennisbank.models import NewsIndexPage
index = NewsIndexPage.objects.live().first()
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
settings.SECRET_KEY = {secret!r}
user = get_user_model().objects.get(username="medewerker")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
# The backend that logs people in with a password (the last ones only answer permissions).
session[BACKEND_SESSION_KEY] = "sso.backends.LocalLoginBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
from kennisbank.models import ContactOverviewPage, PolicyDocumentPage, ThemePage
from meldkanaal.models import MeldFormPage
policy = next(p for p in PolicyDocumentPage.objects.live() if len(p.all_versions) >= 2)
versions = policy.all_versions
big_theme = max(ThemePage.objects.live(), key=lambda t: t.numchild)
print("SESSION", session.session_key)
print("URL home /")
print("URL policy", policy.url)
print("URL compare", f"{{policy.url}}vergelijk/{{versions[0].slug}}/{{versions[-1].slug}}/")
print("URL news-p1", index.url)
print("URL news-p100", f"{{index.url}}?pagina=100")
print("URL theme", big_theme.url)
print("URL search /zoeken/?q=pesten+op+het+werk")
print("URL contacts", ContactOverviewPage.objects.live().first().url)
print("URL report-form", MeldFormPage.objects.live().first().url)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url: str, cookie: str, seconds: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c16",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            "-H",
            "X-Forwarded-Proto: https",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(non2xx.group(1)) if non2xx else 0,
    }


def worker_memory_mb(master_pid: int) -> list[tuple[float, float, float]]:
    """(RSS, PSS, private) per worker. RSS counts every page a worker touches, also the ones
    it shares with the master and the other workers after the fork (preload_app); PSS
    divides those shared pages among their sharers; private is what the worker alone holds,
    the memory one more worker costs. A worker that exits meanwhile (gunicorn replaces each
    after `max_requests`, many times a minute under wrk) is left out."""
    children = subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    sizes = []
    for pid in children:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue

        def kb(field, rollup=rollup):
            return sum(int(n) for n in re.findall(rf"^{field}:\s+(\d+) kB", rollup, re.M))

        private = kb("Private_Clean") + kb("Private_Dirty")
        sizes.append((kb("Rss") / 1024, kb("Pss") / 1024, private / 1024))
    return sizes


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """The database and Redis db of the bench's own site."""
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_site"
        ),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    )


class Site:
    """The generated site under gunicorn (production settings) on loopback, with a logged-in
    session: `base`, `cookie`, `lines` (what PREPARE and `extra` printed), `server`."""

    def __init__(self, args, extra: str = "", gunicorn_args: tuple = ()):
        self.work = Path(tempfile.mkdtemp(prefix="integriteitsplein-bench-"))
        static_root = self.work / "static"
        port = free_port()
        env = environment(args, static_root, port)
        name = args.database.rsplit("/", 1)[-1]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
        script = PREPARE.format(
            root=str(ROOT),
            bench=str(ROOT / "bench"),
            pages=args.pages,
            news=args.news,
            contacts=args.contacts,
            secret=SECRET,
        )
        prepared = subprocess.run(
            [PYTHON, "-c", script + extra], env=env, capture_output=True, text=True, cwd=ROOT
        )
        if prepared.returncode:
            sys.exit(prepared.stderr[-3000:])
        self.lines = prepared.stdout.splitlines()
        session = next(line.split()[1] for line in self.lines if line.startswith("SESSION"))
        self.cookie = f"sessionid={session}"
        prod = {**env, "DJANGO_SETTINGS_MODULE": "integriteitsplein.settings.production"}
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            env=prod,
            check=True,
            cwd=ROOT,
        )
        started = time.perf_counter()
        self.server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "--bind",
                f"127.0.0.1:{port}",
                *gunicorn_args,
            ],
            env=prod,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{port}"
        while True:
            try:
                self.get_home()
                break
            except OSError:
                if self.server.poll() is not None or time.perf_counter() - started > 120:
                    sys.exit("gunicorn startte niet")
                time.sleep(0.2)

    def get_home(self) -> None:
        """Home as the logged-in reader (exits when the session is not logged in)."""
        request = urllib.request.Request(
            self.base + "/", headers={"Cookie": self.cookie, "X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            if response.url.rstrip("/") != self.base:  # sent to the login page
                sys.exit(f"de bench-sessie is niet ingelogd: {response.url}")

    def stop(self) -> None:
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.server.kill()
        shutil.rmtree(self.work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_site_arguments(parser)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--news", type=int, default=2_000)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10, help="per wrk run (default 10)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is nodig: apt-get install wrk")

    site = Site(args)
    urls = [("baseline", "/bench/baseline/")] + [
        tuple(line.split(" ", 2)[1:]) for line in site.lines if line.startswith("URL ")
    ]
    first = time.perf_counter()
    site.get_home()  # a second reader
    second_ms = (time.perf_counter() - first) * 1000
    try:
        rows = []
        redis_db = args.redis.rsplit("/", 1)[-1]
        for label, path in urls:
            subprocess.run(["redis-cli", "-n", redis_db, "FLUSHDB"], capture_output=True)
            cold = wrk(site.base + path, site.cookie, max(2, args.seconds // 2))
            warm = wrk(site.base + path, site.cookie, args.seconds)
            rows.append((label, path, cold, warm))
        memory = worker_memory_mb(site.server.pid)
    finally:
        site.stop()
    baseline = rows[0][3]["rps"] or 1.0
    print(
        f"{len(memory)} gunicorn workers, wrk -t2 -c16, cold {max(2, args.seconds // 2)} s "
        f"after emptying Redis, warm {args.seconds} s; logged in as medewerker"
    )
    print(
        f"{'page':14} {'cold r/s':>9} {'p50':>7} {'p99':>7} {'warm r/s':>9} {'p50':>7} "
        f"{'p99':>7} {'÷ base':>7} {'non-2xx':>7}"
    )
    for label, _path, cold, warm in rows:
        print(
            f"{label:14} {cold['rps']:9.0f} {cold['p50']:7.1f} {cold['p99']:7.1f} "
            f"{warm['rps']:9.0f} {warm['p50']:7.1f} {warm['p99']:7.1f} "
            f"{warm['rps'] / baseline:7.0%} {cold['errors'] + warm['errors']:7}"
        )
    print(f"second request after start: {second_ms:.0f} ms (home)")
    print(
        "worker RSS / PSS / private: "
        + ", ".join(f"{rss:.0f} / {pss:.0f} / {own:.0f} MB" for rss, pss, own in memory)
    )


if __name__ == "__main__":
    main()
