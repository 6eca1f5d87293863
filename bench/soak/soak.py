"""Soak harness: the meldkanaal on production settings with parts failing, and a ledger.

    .venv/bin/python bench/soak/soak.py                      # every scenario, full size
    .venv/bin/python bench/soak/soak.py --quick baseline     # a short run of one scenario

It starts everything it uses on free loopback ports in a temporary folder, never the shared
services: a PostgreSQL cluster (initdb + pg_ctl as the `postgres` OS user), a Redis, an SMTP
sink (mailsink.py), the django-tasks worker when the site has one, and gunicorn with
`integriteitsplein.settings.production`. A ledger client sends reports as browsers do (GET the
form, POST it with a unique marker, follow the redirect to the confirmation page and read the
code) and records every POST and its answer; afterwards the ledger is compared with the
database (djangoside.py), and the mails the sink received with the reports stored.

Per scenario it prints: acknowledged (a code was shown), stored, lost (acknowledged, not
stored), codes lost (stored, but the reporter saw no code), duplicates (one POST stored twice),
5xx, refused (a Dutch 503 or other error page: not stored, the reporter may try again),
mails delivered and duplicated, p50/p95 of a submission (POST + confirmation page).
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "soak.localhost"
ATTACHMENT = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + b"0" * (1024 * 1024 - 40) + b"\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        return True


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


# --- the stack -----------------------------------------------------------------------


class Stack:
    """PostgreSQL, Redis, the mail sink, the task worker and gunicorn, all our own."""

    def __init__(self, workers: int = 4, keep: bool = False, migrated_sql: bytes | None = None):
        """`migrated_sql`: a plain pg_dump of a database that holds exactly what this code's
        migrations make, restored (seconds) instead of migrating (tens of seconds)."""
        self.migrated_sql = migrated_sql
        self.dir = Path(tempfile.mkdtemp(prefix="soak-"))
        self.dir.chmod(0o755)
        self.keep = keep
        self.workers = workers
        self.pg_port, self.redis_port = free_port(), free_port()
        self.smtp_port, self.web_port = free_port(), free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        self.worker_restarts = 0
        self.mail_record = self.dir / "mail.jsonl"
        self.mail_mode = self.dir / "mail-mode"
        self.mail_mode.write_text("ok")
        self.mail_record.touch()
        from cryptography.fernet import Fernet

        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "integriteitsplein.settings.production",
            "SECRET_KEY": uuid.uuid4().hex * 2,
            "MELDKANAAL_KEY": Fernet.generate_key().decode(),
            "MELDKANAAL_CODE_KEY": uuid.uuid4().hex * 2,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/soak",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "EMAIL_TIMEOUT": "5",
            "SITE_URL": f"https://{HOST}",
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "STATIC_ROOT": str(self.dir / "static"),
            "MEDIA_ROOT": str(self.dir / "media"),
            "MELDKANAAL_STORAGE_ROOT": str(self.dir / "meldkanaal"),
            "INTRANET_LOGIN_REQUIRED": "false",
            # The worker's batch of team mails every minute (production: a few times a day),
            # so a scenario sees the worker deliver after recovery.
            "MELDKANAAL_NOTIFICATION_TIMES": ",".join(
                f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)
            ),
            # Room for the memory scenario's ten 10 MB files in one report.
            "MELDKANAAL_MAX_UPLOAD_MB": "100",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("DJANGO_SETTINGS_MODULE_OVERRIDE", None)

    # PostgreSQL, as the postgres OS user in our own folder.
    def _as_postgres(self, *command: str, check=True):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=check,
            capture_output=True,
            text=True,
            cwd="/",
        )

    def start_postgres(self) -> None:
        data, run = self.dir / "pg", self.dir / "pgrun"  # both written by the postgres user
        for folder in (data, run):
            folder.mkdir()
            shutil.chown(folder, "postgres", "postgres")
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
        self.pg_ctl("start")
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-qc",
             "CREATE DATABASE soak"],
            check=True, capture_output=True,
        )  # fmt: skip

    def pg_ctl(self, action: str) -> None:
        options = (
            f"-p {self.pg_port} -c listen_addresses=127.0.0.1"
            f" -c unix_socket_directories={self.dir / 'pgrun'}"
            # No fsync: a throw-away cluster, and its restart is a clean (fast) shutdown, so
            # nothing acknowledged depends on it; migrations run minutes faster without it.
            " -c max_connections=100 -c fsync=off -c full_page_writes=off"
        )
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "pg"),
            "-l", str(self.dir / "pgrun/pg.log"), "-o", options,
            "-m", "fast", "-w", "-t", "60", action,
        )  # fmt: skip

    def start_redis(self) -> None:
        self.processes["redis"] = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: _listening(self.redis_port), 10, "Redis")

    def stop(self, name: str, sig=signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def start_mail(self) -> None:
        self.processes["mail"] = subprocess.Popen(
            [PYTHON, str(ROOT / "bench/soak/mailsink.py"), str(self.smtp_port),
             str(self.mail_record), str(self.mail_mode)],
        )  # fmt: skip
        wait_for(lambda: _listening(self.smtp_port), 10, "mail sink")

    def migrate(self) -> None:
        if self.migrated_sql is None:
            self.manage("migrate", "--noinput", "-v0")
            return
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-d", "soak",
             "-q", "-v", "ON_ERROR_STOP=1"],
            input=self.migrated_sql, check=True, capture_output=True,
        )  # fmt: skip

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def django(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, str(ROOT / "bench/soak/djangoside.py"), *args],
            cwd=ROOT, env=self.env, capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"djangoside {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def has_task_worker(self) -> bool:
        return "db_worker" in self.manage("help", "--commands")

    def start_worker(self) -> None:
        if self.has_task_worker():
            if getattr(self, "worker_log", None) is None:
                self.worker_log = open(self.dir / "worker.log", "a")  # noqa: SIM115 (in down)
            self.processes["worker"] = subprocess.Popen(
                [PYTHON, "manage.py", "db_worker"], cwd=ROOT, env=self.env,
                stdout=self.worker_log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def supervise_worker(self) -> None:
        """Start the task worker again when it died, as systemd's Restart=always does."""
        worker = self.processes.get("worker")
        if worker is not None and worker.poll() is not None:
            self.worker_restarts += 1
            self.start_worker()

    def start_gunicorn(self) -> None:
        self.gunicorn_log = open(self.dir / "gunicorn-stderr.log", "w")  # noqa: SIM115 (in down)
        self.processes["gunicorn"] = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"127.0.0.1:{self.web_port}",
             "--workers", str(self.workers), "--timeout", "30", "--graceful-timeout", "5",
             "--error-logfile", str(self.dir / "gunicorn.log")],
            cwd=ROOT, env=self.env, stdout=self.gunicorn_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(lambda: requests.get(self.url("/melden/"), headers=self.headers(), timeout=5).ok,
                 180, "gunicorn")  # fmt: skip

    def worker_pids(self) -> list[int]:
        master = self.processes["gunicorn"].pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return [int(pid) for pid in children]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def headers(self) -> dict[str, str]:
        return {"Host": HOST, "X-Forwarded-Proto": "https"}

    def up(self) -> "Stack":
        if not (ROOT / "assets/dist/css/site.css").exists():
            # Production's static storage refuses a page whose stylesheet is not in the
            # manifest: every page would be a 500 and gunicorn would never look "up".
            raise RuntimeError("assets/dist/css/site.css is not built: run `make css` first")
        started = time.monotonic()
        try:
            self.start_postgres()
            self.start_redis()
            self.start_mail()
            self.migrate()
            self.manage("collectstatic", "--noinput", "-v0")
            self.django("setup")
            self.start_worker()
            self.start_gunicorn()
        except BaseException:
            self.down()  # a stack that did not come up leaves no cluster or server behind
            raise
        self.setup_seconds = time.monotonic() - started
        return self

    def down(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        with contextlib.suppress(Exception):
            self.pg_ctl("stop")
        for log in (getattr(self, "worker_log", None), getattr(self, "gunicorn_log", None)):
            if log is not None:
                log.close()
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


# --- the ledger client ---------------------------------------------------------------

CODE = re.compile(r"data-opvolgcode>(.*?)</code>", re.S)
NUMBER = re.compile(r"data-zaaknummer>([^<]+)<")
TOKEN = re.compile(r'name="formulier_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Entry:
    marker: str
    attachment: bool
    status: int | None = None  # of the POST (303 expected)
    final_status: int | None = None  # of the confirmation page
    code: str | None = None
    number: str | None = None
    error: str | None = None
    seconds: float | None = None
    dutch_retry: bool = False
    retried: bool = False
    form_status: int | None = None  # when the form page itself failed
    statuses: list = field(default_factory=list)  # every answer, also those retried


def submit(stack: Stack, attachment: bool) -> Entry:
    entry = Entry(marker=f"SOAK-{uuid.uuid4().hex}", attachment=attachment)
    # Cookies by hand: the site sets them Secure (it sees https through the proxy header).
    cookies: dict[str, str] = {}
    headers = stack.headers()
    try:
        form = requests.get(stack.url("/melden/"), headers=headers, timeout=60)
        cookies.update(form.cookies.get_dict())
        if form.status_code != 200:
            entry.form_status = form.status_code
            entry.statuses.append(form.status_code)
            return entry
        data = {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "formulier_token": TOKEN.search(form.text).group(1),
            "soort": "misstand",
            "beschrijving": f"Soak test melding {entry.marker}",
            "identiteit": "anoniem",
        }
        files = {"bijlagen": ("bewijs.pdf", ATTACHMENT, "application/pdf")} if attachment else None
        started = time.monotonic()
        # A reporter who gets an error page or no answer sends the same form once more (the
        # same token: the site must answer with the first result, never store it twice).
        for attempt in range(2):
            entry.retried = attempt > 0
            try:
                post = requests.post(
                    stack.url("/melden/"),
                    data=data,
                    files=files,
                    cookies=cookies,
                    headers={**headers, "Referer": f"https://{HOST}/melden/"},
                    allow_redirects=False,
                    timeout=60,
                )
            except requests.RequestException as error:
                entry.error, entry.status = type(error).__name__, None
                time.sleep(1)
                continue
            entry.status = post.status_code
            entry.statuses.append(post.status_code)
            if post.status_code < 500:
                break
            entry.dutch_retry = "probeer" in post.text.lower()
            time.sleep(1)
        else:
            entry.seconds = time.monotonic() - started
            return entry
        cookies.update(post.cookies.get_dict())
        if post.status_code in (302, 303):
            page = None
            for _ in range(2):  # a confirmation page that failed may be reloaded once
                try:
                    page = requests.get(
                        stack.url(post.headers["Location"].replace(f"https://{HOST}", "")),
                        cookies=cookies, headers=headers, timeout=60,
                    )  # fmt: skip
                except requests.RequestException as error:
                    entry.error = type(error).__name__
                    continue
                entry.final_status = page.status_code
                entry.statuses.append(page.status_code)
                if page.status_code < 500:
                    break
            text = page.text if page is not None else ""
            code, number = CODE.search(text), NUMBER.search(text)
            if code:
                entry.code = re.sub(r"<[^>]+>", "", code.group(1)).strip()
                entry.number = number.group(1) if number else None
        elif post.status_code >= 400:
            entry.dutch_retry = "probeer" in post.text.lower()
        entry.seconds = time.monotonic() - started
    except requests.RequestException as error:
        entry.error = type(error).__name__
    return entry


# --- scenarios -----------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    faults: list = field(default_factory=list)  # (seconds after start, action name)


def faults_for(name: str) -> list[tuple[float, str]]:
    """(share of the reports answered, action): a fault lands a third of the way into the
    run, whatever the speed (timed faults landed after the end once a report took 15 ms)."""
    return {
        "baseline": [],
        "postgres-restart": [(1 / 3, "postgres_restart")],
        "worker-kill": [(1 / 3, "kill_worker")],
        "redis-stop": [(1 / 3, "redis_stop")],
        "mail": [(0, "mail_hang"), (1 / 3, "mail_down"), (2 / 3, "mail_up")],
    }[name]


SCENARIOS = ["baseline", "postgres-restart", "worker-kill", "redis-stop", "mail"]
EXTRA = ["worker-db-restart", "memory"]


def apply(stack: Stack, action: str) -> None:
    if action == "postgres_restart":
        stack.pg_ctl("restart")
    elif action == "kill_worker":
        os.kill(stack.worker_pids()[0], signal.SIGKILL)
    elif action == "redis_stop":
        stack.stop("redis")
    elif action == "mail_hang":
        stack.mail_mode.write_text("hang")
    elif action == "mail_down":
        stack.stop("mail", signal.SIGKILL)
        stack.mail_mode.write_text("ok")
    elif action == "mail_up":
        stack.start_mail()


def restore(stack: Stack) -> None:
    """After a scenario: every part up again, for the next one and for the mail count."""
    stack.mail_mode.write_text("ok")
    if "mail" not in stack.processes:
        stack.start_mail()
    if "redis" not in stack.processes:
        stack.start_redis()
    stack.supervise_worker()


def _memory_kb(pid: int, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    return 0


def run_memory(stack: Stack, files: int = 10) -> dict:
    """Ten 10 MB attachments in one report: how much does the worker that takes it grow?

    Resident memory (VmRSS) of every gunicorn worker before and after, and the highest it
    reached (VmHWM); one report at a time, so the growth is that of the worker that took it.
    """
    size = 10 * 1024 * 1024 - 1024
    pdf = b"%PDF-1.4\n" + b"0" * (size - 16) + b"\n%%EOF\n"
    workers = stack.worker_pids()
    for _ in range(len(workers)):  # warm every worker up with a small report first
        submit(stack, attachment=True)
    before = {pid: _memory_kb(pid, "VmRSS") for pid in workers}
    peak_before = {pid: _memory_kb(pid, "VmHWM") for pid in workers}
    entries = []
    for _ in range(3):
        entry = Entry(marker=f"SOAK-{uuid.uuid4().hex}", attachment=True)
        form = requests.get(stack.url("/melden/"), headers=stack.headers(), timeout=60)
        data = {
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "formulier_token": TOKEN.search(form.text).group(1),
            "soort": "misstand",
            "beschrijving": f"Soak geheugen {entry.marker}",
            "identiteit": "anoniem",
        }
        started = time.monotonic()
        post = requests.post(
            stack.url("/melden/"),
            data=data,
            files=[("bijlagen", (f"deel{i}.pdf", pdf, "application/pdf")) for i in range(files)],
            cookies=form.cookies.get_dict(),
            headers={**stack.headers(), "Referer": f"https://{HOST}/melden/"},
            allow_redirects=False,
            timeout=120,
        )
        entry.status, entry.seconds = post.status_code, time.monotonic() - started
        entries.append(entry)
    after = {pid: _memory_kb(pid, "VmRSS") for pid in workers}
    peak = {pid: _memory_kb(pid, "VmHWM") for pid in workers}
    return {
        "scenario": "memory",
        "reports": len(entries),
        "statuses": [e.status for e in entries],
        "files_per_report": files,
        "rss_growth_mb": round(sum(after[p] - before[p] for p in workers) / 1024, 1),
        "peak_growth_mb": round(max(peak[p] - peak_before[p] for p in workers) / 1024, 1),
        "rss_after_mb": [round(after[p] / 1024) for p in workers],
        "seconds_per_report": [round(e.seconds, 1) for e in entries],
    }


def run_worker_restart(stack: Stack, mails: int = 40, timeout: float = 60) -> dict:
    """The task worker while PostgreSQL restarts: mails queued just before the restart and
    just after it must all arrive, each once, and the worker process must not have exited."""
    worker = stack.processes.get("worker")
    pid = worker.pid if worker is not None else None
    restarts_before = stack.worker_restarts
    tag = f"SOAK-WORKER-{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    stack.django("queue", f"{tag}-voor", str(mails))
    time.sleep(0.3)  # the worker (polling every second) is at it or about to be
    stack.pg_ctl("restart")
    restarted = time.monotonic() - started
    stack.django("queue", f"{tag}-na", str(mails))
    deadline = time.monotonic() + timeout
    subjects: dict[str, int] = {}
    while time.monotonic() < deadline:
        subjects = {}
        for line in stack.mail_record.read_text().splitlines():
            subject = json.loads(line)["subject"]
            if subject.startswith(tag):
                subjects[subject] = subjects.get(subject, 0) + 1
        if len(subjects) >= 2 * mails:
            break
        time.sleep(0.5)
    alive = worker is not None and worker.poll() is None
    stack.supervise_worker()  # for the scenarios after this one, should it have died
    return {
        "scenario": "worker-db-restart",
        "mails_queued": 2 * mails,
        "mails_delivered": len(subjects),
        "mails_duplicated": sum(count - 1 for count in subjects.values()),
        "worker_alive": alive,
        "worker_pid_same": alive and stack.processes.get("worker") is worker and pid is not None,
        "task_worker_restarts": stack.worker_restarts - restarts_before,
        "restart_after_s": round(restarted, 1),
        "seconds": round(time.monotonic() - started, 1),
    }


def _process_cpu(pid: int, with_children: bool = True) -> float:
    """CPU seconds of a process (and of its children: live ones read one by one, exited ones
    counted in its cutime/cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    own = sum(int(value) for value in fields[11:15]) / ticks  # utime stime cutime cstime
    if with_children:
        own += sum(_process_cpu(int(child)) for child in children)
    return own


def cpu_snapshot(stack: Stack) -> dict[str, float]:
    """CPU seconds so far: the web (gunicorn), the database (the cluster's processes) and
    this client (its threads)."""
    postmaster = int((stack.dir / "pg" / "postmaster.pid").read_text().split()[0])
    times = os.times()
    return {
        "web": _process_cpu(stack.processes["gunicorn"].pid),
        "db": _process_cpu(postmaster),
        "client": times.user + times.system,
    }


def run_scenario(
    stack: Stack,
    name: str,
    reports: int,
    concurrency: int,
    quick: bool,
    mail_timeout: float | None = None,
) -> dict:
    """One scenario; `mail_timeout`: how long to wait for the worker's minute batches before
    the by-hand send (default 75 s quick, 150 s full; the CI tests give a few seconds, as
    they judge the reports, and the by-hand send delivers the rest once)."""
    if name == "memory":
        return run_memory(stack)
    if name == "worker-db-restart":
        return run_worker_restart(stack)
    ledger_path = stack.dir / f"ledger-{name}.jsonl"
    mails_before = len(stack.mail_record.read_text().splitlines())
    restarts_before = stack.worker_restarts
    started = time.monotonic()
    cpu_before = cpu_snapshot(stack)
    # Each fault in a thread of its own, set off when its share of the reports is answered.
    answered, lock = [0], threading.Lock()
    triggers = [(share * reports, threading.Event(), action) for share, action in faults_for(name)]
    faults = [
        threading.Thread(target=lambda e=event, a=action: (e.wait(), apply(stack, a)))
        for _at, event, action in triggers
    ]
    for fault in faults:
        fault.start()

    def one(i: int) -> Entry:
        for at, event, _action in triggers:
            if answered[0] >= at:
                event.set()
        entry = submit(stack, i % 10 < 3)
        with lock:
            answered[0] += 1
        return entry

    with ThreadPoolExecutor(concurrency) as pool:
        entries = list(pool.map(one, range(reports)))
    for _at, event, _action in triggers:
        event.set()  # a fault that was not reached yet still happens (and is restored below)
    for fault in faults:
        fault.join()
    duration = time.monotonic() - started
    cpu_after = cpu_snapshot(stack) if not faults_for(name) else None
    with open(ledger_path, "w") as ledger:
        for entry in entries:
            ledger.write(json.dumps(entry.__dict__) + "\n")
    restore(stack)
    if mail_timeout is None:
        mail_timeout = 75 if quick else 150
    mails, by_hand = wait_for_mail(stack, timeout=mail_timeout)
    found = json.loads(stack.django("diff", str(ledger_path)))
    result = summarise(name, entries, found, mails[mails_before:], duration)
    result["mails_left_for_by_hand_send"] = by_hand
    result["task_worker_restarts"] = stack.worker_restarts - restarts_before
    if cpu_after is not None:  # CPU per report (form, POST, confirmation), per part
        for part, seconds in cpu_after.items():
            spent = seconds - cpu_before[part]
            result[f"cpu_ms_{part}"] = round(1000 * spent / max(len(entries), 1), 1)
        result["reports_per_s"] = round(len(entries) / duration, 1)
    return result


def wait_for_mail(stack: Stack, timeout: float) -> tuple[list[dict], int]:
    """Until the outbox is empty: the worker's batches (every minute here) for `timeout`
    seconds; what is still waiting then (a failed mail waits 1, 5, 15 … minutes before its
    next try) is sent by hand with meldkanaal_verzend, as an operator would after an outage.
    Returns the sink's messages and how many were left for the by-hand send."""
    deadline = time.monotonic() + timeout
    pending = -1
    while time.monotonic() < deadline:
        stack.supervise_worker()
        pending = int(stack.django("pending").strip())
        if pending == 0:
            break
        if "worker" not in stack.processes:
            break
        time.sleep(3)
    if pending != 0:
        with contextlib.suppress(RuntimeError):
            stack.manage("meldkanaal_verzend")
    messages = [json.loads(line) for line in stack.mail_record.read_text().splitlines()]
    return messages, max(pending, 0)


def summarise(name, entries, found, mails, duration) -> dict:
    stored = found["stored"]
    ours = [e for e in entries if e.marker in stored]
    acknowledged = [e for e in entries if e.code]
    numbers = {n for e in ours for n in stored[e.marker]}
    per_number: dict[str, int] = {}
    for mail in mails:
        match = re.search(r"M-\d{4}-\d+", mail["subject"])
        if match and match.group(0) in numbers:
            per_number[match.group(0)] = per_number.get(match.group(0), 0) + 1
    by_message_id: dict[str, int] = {}
    for mail in mails:
        if mail.get("message_id"):
            by_message_id[mail["message_id"]] = by_message_id.get(mail["message_id"], 0) + 1
    seconds = sorted(e.seconds for e in entries if e.seconds is not None and e.code)
    statuses = [status for e in entries for status in e.statuses]
    return {
        "scenario": name,
        "sent": len(entries),
        "acknowledged": len(acknowledged),
        "stored": len(ours),
        "lost": sum(1 for e in acknowledged if e.marker not in stored),
        "codes_lost": sum(1 for e in ours if not e.code),
        "codes_wrong": found["codes_wrong"],
        "duplicates": sum(len(stored[e.marker]) - 1 for e in ours),
        "5xx": sum(1 for s in statuses if s >= 500),
        "refused_dutch_retry": sum(1 for e in entries if e.dutch_retry),
        "connection_errors": sum(1 for e in entries if e.error),
        "form_failed": sum(1 for e in entries if e.form_status),
        "retried": sum(1 for e in entries if e.retried),
        "mails_delivered": len(per_number),
        "mails_missing": len(numbers - set(per_number)),
        "mails_duplicated": sum(count - 1 for count in per_number.values()),
        # A duplicate that kept its Message-ID (the at-least-once window, docs/reliability.md).
        "mails_same_message_id": sum(count - 1 for count in by_message_id.values()),
        "p50_ms": round(1000 * statistics.median(seconds)) if seconds else None,
        "p95_ms": round(1000 * seconds[int(0.95 * (len(seconds) - 1))]) if seconds else None,
        "seconds": round(duration, 1),
    }


COLUMNS = [
    "scenario", "sent", "acknowledged", "stored", "lost", "codes_lost", "duplicates", "5xx",
    "refused_dutch_retry", "connection_errors", "form_failed", "retried", "mails_delivered",
    "mails_missing", "mails_duplicated", "mails_left_for_by_hand_send", "task_worker_restarts",
    "p50_ms", "p95_ms", "seconds", "reports_per_s", "cpu_ms_web", "cpu_ms_db", "cpu_ms_client",
]  # fmt: skip


def table(results: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    for result in results:
        lines.append("| " + " | ".join(str(result.get(c)) for c in COLUMNS) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", default=[*SCENARIOS, *EXTRA])
    parser.add_argument("--reports", type=int, default=None)
    parser.add_argument("--concurrency", type=int, default=25)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="60 reports instead of 500 (faults a third of the way in)",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    reports = args.reports or (60 if args.quick else 500)
    stack = Stack(workers=args.workers, keep=args.keep)
    results = []
    try:
        stack.up()
        worker = "yes" if "worker" in stack.processes else "no"
        print(f"stack up in {stack.setup_seconds:.0f} s ({stack.dir}); task worker: {worker}")
        for name in args.scenarios:
            result = run_scenario(stack, name, reports, args.concurrency, args.quick)
            results.append(result)
            print(json.dumps(result), flush=True)
    finally:
        stack.down()
    print(table([r for r in results if r["scenario"] not in EXTRA]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
