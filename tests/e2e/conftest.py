"""Browser tests: the demo site served by a subprocess, driven by Debian's Chromium.

One server and one browser per session; each test gets a fresh browser context
(cookies, storage) and page. The tests talk to the server over HTTP only, so they
need no database access of their own.

Chromium is looked up at CHROMIUM_PATH, /usr/bin/chromium or on PATH; when none is
found every browser test skips with a message that says so. Playwright's own browser
download (`playwright install`) is never used.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.helpers import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    DESKTOP,
    REPO,
    login,
    watch_csp,
)
from tests.template_database import copy_sqlite, locked, run_shared_folder, sqlite_template


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip(
            "Browser tests skipped: no Chromium found (looked at $CHROMIUM_PATH, "
            "/usr/bin/chromium and PATH). Install Debian's chromium: apt-get install chromium."
        )
    return path


# --- The site under test ---------------------------------------------------------


@dataclass
class LiveSite:
    url: str
    log_path: Path
    env: dict | None = None  # for a manage.py command against the served demo

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - fixed command line, our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}",
            pytrace=False,
        )


def _wait_until_up(url: str, process: subprocess.Popen, site: LiveSite) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The e2e server stopped at start-up:\n{site.log_tail()}", pytrace=False)
        try:
            with urllib.request.urlopen(url + "/inloggen/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"The e2e server did not answer within 60 s:\n{site.log_tail()}", pytrace=False)


def _site_env(folder: Path, secrets: dict[str, str]) -> dict[str, str]:
    """The environment of manage.py for a site whose files live in `folder`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "EMAIL_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="integriteitsplein.settings.dev",
        DATABASE_URL=f"sqlite:///{folder / 'e2e.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        MELDKANAAL_STORAGE_ROOT=str(folder / "meldkanaal"),
        STATIC_ROOT=str(folder / "static"),
        DEMO_PASSWORD=DEMO_PASSWORD,
        EMAIL_URL="consolemail://",
        INTRANET_LOGIN_REQUIRED="true",
        PYTHONWARNINGS="ignore",
        PYTHONUNBUFFERED="1",
        **secrets,
    )
    return env


def _demo_build(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Migrate a SQLite database (or copy the run's migrated template, when the SQLite pass
    has one: tests/template_database.py) and load the demo content once per test run.

    Migrations and the demo cost tens of seconds; every xdist worker that runs browser tests
    starts its server from a copy of this build instead of making its own. The first worker
    builds it, the other waits on the lock. The secrets go with it: the demo's reports are
    encrypted with its MELDKANAAL_KEY.
    """
    from cryptography.fernet import Fernet

    shared = run_shared_folder(tmp_path_factory)
    build = shared / "e2e-demo-build"
    with locked(shared / "e2e-demo-build.lock"):
        if not (build / "secrets.json").exists():
            shutil.rmtree(build, ignore_errors=True)
            build.mkdir()
            secrets = {
                "SECRET_KEY": "e2e-only-" + Fernet.generate_key().decode(),
                "MELDKANAAL_KEY": Fernet.generate_key().decode(),
            }
            env = _site_env(build, secrets)
            template = sqlite_template(tmp_path_factory)
            if template:  # the run's migrated test database: the same migrations, done
                copy_sqlite(template, build / "e2e.sqlite3")
            else:
                _manage(env, "migrate", "--noinput")
            _manage(env, "load_demo")
            # Written last: a build that failed halfway is made again by the next worker.
            (build / "secrets.json").write_text(json.dumps(secrets))
    return build, json.loads((build / "secrets.json").read_text())


def _copy_site(build: Path, folder: Path) -> None:
    """Copy the database (through SQLite's backup, so a WAL file is included) and the files."""
    copy_sqlite(build / "e2e.sqlite3", folder / "e2e.sqlite3")
    for name in ("media", "meldkanaal"):
        if (build / name).is_dir():
            shutil.copytree(build / name, folder / name)


@contextlib.contextmanager
def serve(env: dict[str, str], log_path: Path, port: int | None = None):
    """Serve the site that `env` describes (manage.py runserver) on `port` or a free one,
    until the block ends; yields its LiveSite. The live site and the single sign-on site
    (test_sso.py) both start this way."""
    port = port or _free_port()
    site = LiveSite(url=f"http://127.0.0.1:{port}", log_path=log_path, env=dict(env))
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed command line, our own manage.py
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(site.url, process, site)
            yield site
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_site(chromium_path, tmp_path_factory) -> LiveSite:
    """The demo site (built once per run, copied) served on a free port by this worker."""
    build, secrets = _demo_build(tmp_path_factory)
    tmp = tmp_path_factory.mktemp("e2e-site")
    _copy_site(build, tmp)
    env = _site_env(tmp, secrets)
    env["DJANGO_SETTINGS_MODULE"] = "integriteitsplein.settings.demo"
    with serve(env, tmp / "server.log") as site:
        yield site


# --- The browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def _login_states(browser, live_site, tmp_path_factory):
    """Cookies of each demo account after logging in through the login form.

    An admin session ends after 30 minutes without a request (SessionTimeoutMiddleware), so a
    state not handed out for 20 minutes is made anew by logging in again.
    """
    folder = tmp_path_factory.mktemp("e2e-logins")
    states: dict[str, str] = {}
    handed_out: dict[str, float] = {}

    def state_for(username: str) -> str:
        if time.monotonic() - handed_out.get(username, 0.0) > 20 * 60:
            states.pop(username, None)
        handed_out[username] = time.monotonic()
        if username not in states:
            context = browser.new_context(base_url=live_site.url, locale="nl-NL")
            try:
                page = context.new_page()
                login(page, username)
                path = folder / f"{username}.json"
                context.storage_state(path=str(path))
                states[username] = str(path)
            finally:
                context.close()
        return states[username]

    return state_for


class Browsing:
    """Opens browser contexts for a test and closes them afterwards."""

    def __init__(self, browser, live_site, login_states):
        self._browser = browser
        self._site = live_site
        self._login_states = login_states
        self.contexts = []
        self.pages = []
        self.csp_violations: list[str] = []

    def new_page(self, username: str | None = None, viewport: dict | None = None):
        context = self._browser.new_context(
            base_url=self._site.url,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            viewport=viewport or DESKTOP,
            storage_state=self._login_states(username) if username else None,
        )
        context.set_default_timeout(15_000)
        watch_csp(context, self.csp_violations)
        self.contexts.append(context)
        page = context.new_page()
        self.pages.append(page)
        return page

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, live_site, _login_states, request):
    session = Browsing(browser, live_site, _login_states)
    request.node._browsing = session
    yield session
    session.close()
    # Every journey runs under the site's real CSP: a blocked script or style is a failure.
    if session.csp_violations:
        pytest.fail(
            f"{len(session.csp_violations)} CSP violation(s):\n"
            + "\n".join(dict.fromkeys(session.csp_violations)),
            pytrace=False,
        )


@pytest.fixture
def page(browsing):
    """An anonymous page; log in through the form or use browsing.new_page(username)."""
    return browsing.new_page()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, add what each page showed and save a screenshot."""
    outcome = yield
    report = outcome.get_result()
    session = getattr(item, "_browsing", None)
    if report.when != "call" or not report.failed or session is None:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    for number, failed_page in enumerate(session.pages):
        if failed_page.is_closed():
            continue
        name = f"failure-{item.name}-{number}".replace("/", "_").replace("[", "-").strip("]")
        shot = ARTIFACTS / f"{name[:150]}.png"
        try:
            failed_page.screenshot(path=str(shot), full_page=True)
            main = failed_page.locator("main")
            text = main.inner_text(timeout=2000) if main.count() else failed_page.inner_text("body")
        except Exception as error:
            text = f"(could not read the page: {error})"
        report.sections.append(
            (
                f"page {number} at failure",
                f"URL: {failed_page.url}\nScreenshot: {shot}\nVisible text of main:\n{text[:4000]}",
            )
        )
