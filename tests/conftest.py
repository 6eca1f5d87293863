"""Shared fixtures: the site as migrations leave it, and one logged-in user per role.

The suite runs under pytest-xdist (`pytest -n 2`, see README "Tests"): every worker is a
process with its own test database (pytest-django's _gw0 suffix), Redis database
(settings/test.py), media folder and temp folder. Browser tests share one served demo site
per worker, so they are kept together on one worker (SHARED_WORKER below).
"""

import gc
import io
import os
import shutil
import signal
import subprocess
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from wagtail.models import Site

import pytest

from home.models import HomePage
from integriteitsplein import cache_backend, resilient_cache, roles
from tests import template_database
from tests.factories import UserFactory

# Tests that share something expensive run on one xdist worker, by where they live: the
# browser journeys share one served site and one Chromium (and may build on each other's
# steps); each soak module shares one stack. A path maps to a group name, or to None for one
# group per module. Everything else is spread test by test. (pytest-xdist's own xdist_group
# mark does nothing under pytest 9: it renames test ids, which pytest 9 no longer allows.)
SHARED_WORKER = {"tests/e2e/": "e2e", "tests/soak/": None}
# The tests that read the demo content (the `demo` fixture) share one load of it per worker:
# their modules (or, in a module of other tests, the test itself) run on one worker, the
# tests one after the other (see `demo`). A test that asks for `demo` elsewhere is refused at
# collection: spread over the workers, it would load the demo again (20 s of a core).
DEMO_TESTS = (
    "tests/home/test_load_demo.py",
    "tests/integriteitsplein/test_csp.py",
    "tests/integriteitsplein/test_nu_html_checker.py",
    "tests/jaarverslag/test_jaarverslag.py::test_the_demo_concept_is_a_draft_no_employee_reads_or_finds",
    "tests/meldkanaal/test_demo.py",
    "tests/search/test_demo.py",
    "tests/search/test_relevance.py",
)
SHARED_WORKER.update(dict.fromkeys(DEMO_TESTS, "demo"))
# tests/kennisbank/test_demo.py shares one load of the kennisbank's demo (its own module's
# SharedLoad): its tests stay on one worker too.
SHARED_WORKER["tests/kennisbank/test_demo.py"] = None
# tests/search/test_summary.py: one search site shared the same way.
SHARED_WORKER["tests/search/test_summary.py"] = None


def shared_worker_group(nodeid: str) -> str:
    """The xdist scheduling unit of a test: its SHARED_WORKER group, or the test itself."""
    for prefix, group in SHARED_WORKER.items():
        if nodeid.startswith(prefix):
            return group or nodeid.split("::", 1)[0]
    return nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` (pyproject's addopts) schedules by SHARED_WORKER."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedWorkerScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return shared_worker_group(nodeid)

    return SharedWorkerScheduling(config, log)


def pytest_collection_modifyitems(items):
    """The tests that share a load (SharedLoad: the demo, the kennisbank's demo) run one
    after the other, where the first of them stood, so it is loaded once for all of them."""
    for shared in SHARED_LOADS:
        users = [item for item in items if shared.fixture_name in getattr(item, "fixturenames", ())]
        if not users:
            continue
        groups = {shared_worker_group(item.nodeid) for item in users}
        if len(groups) > 1:
            raise pytest.UsageError(
                f"Tests asking for `{shared.fixture_name}` would be spread over the xdist "
                f"workers, each loading it again: add them to SHARED_WORKER or DEMO_TESTS in "
                f"tests/conftest.py ({sorted(groups)[:5]})"
            )
        first = items.index(users[0])
        rest = [item for item in items if item not in set(users)]
        items[:] = rest[:first] + users + rest[first:]
    _serialized_rollback_for_transactional_tests(items)


def _serialized_rollback_for_transactional_tests(items):
    """A transactional test (django_db(transaction=True)) empties every table when it ends,
    so the next one in the same process would find none of the groups, site, home page and
    routes the migrations made; which tests share a process differs from run to run under
    xdist. Every transactional test therefore starts from the migrated data
    (serialized_rollback, as test_backup.py asks for itself)."""
    from pytest_django.fixtures import validate_django_db

    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue
        transaction, reset_sequences, databases, serialized, available_apps = validate_django_db(
            marker
        )
        if transaction and not serialized:
            item.add_marker(
                pytest.mark.django_db(
                    transaction=True,
                    reset_sequences=reset_sequences,
                    databases=databases,
                    serialized_rollback=True,
                    available_apps=available_apps,
                ),
                append=False,
            )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """Under xdist, migrate the test database once per run and copy it to every worker
    (tests/template_database.py); pytest-django's _gw0 suffix is kept."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        template_database.install(template_database.run_shared_folder(tmp_path_factory))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """After the test database is migrated, move everything alive into the garbage
    collector's permanent generation: the migration's model states and the app registry are
    hundreds of thousands of objects that every full collection (Python's own, and the tests'
    gc.collect() after making a rendition) would otherwise walk again, at a second each."""
    gc.collect()
    gc.freeze()
    yield


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches.

    Database rows are rolled back after each test and their ids reused, so a cached
    value (Wagtail's renditions, throttle counters) would otherwise leak into the next test.
    """
    from integriteitsplein import routememo

    for cache in caches.all(initialized_only=True):
        cache.clear()
    from meldkanaal import form_cache

    routememo.reset()  # per process, under the cache's generation (cleared above)
    form_cache.reset()
    yield


@pytest.fixture
def redis(tmp_path, settings):
    """A private Redis on a Unix socket, used as the cache; yields its process, to be stopped
    (terminate) or frozen (SIGSTOP) by the test. Afterwards the outage is forgotten."""
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server is not installed")
    sock = tmp_path / "redis.sock"
    process = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [server, "--port", "0", "--unixsocket", str(sock), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        if sock.exists():
            break
        time.sleep(0.05)
    settings.CACHES = {
        "default": {
            "BACKEND": "integriteitsplein.cache_backend.ResilientRedisCache",
            "LOCATION": f"unix://{sock}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    from django.core.cache import cache

    cache.set("levend", 1)
    assert cache.get("levend") == 1  # really Redis, really up
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)
    resilient_cache.reset()
    cache_backend.reset()


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(monkeypatch):
    """`client.force_login(user)` logs in as a person does: with the second step done when
    the person needs one (a real TOTP device, verified in the session). Tests about the
    password-only session pass `second_factor=False`."""
    original = Client.force_login

    def force_login(self, user, backend=None, second_factor=True):
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY

        from integriteitsplein import twofactor

        fresh = type(user)._default_manager.get(pk=user.pk)  # no cached groups
        if second_factor and twofactor.needs_second_factor(fresh):
            device = twofactor.give_demo_device(user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def home_page(db) -> HomePage:
    """The home page the data migration created, as the site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


def _user_in(*group_names, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(*[Group.objects.get(name=name) for name in group_names])
    return user


@pytest.fixture
def medewerker(db):
    return _user_in(roles.MEDEWERKER, username="medewerker")


@pytest.fixture
def redacteur(db):
    return _user_in(roles.MEDEWERKER, roles.REDACTIE, username="redacteur")


@pytest.fixture
def coordinator(db):
    return _user_in(roles.MEDEWERKER, roles.COORDINATOR, username="coordinator")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def employee_client(client, medewerker):
    client.force_login(medewerker)
    return client


# --- Content loaded once per worker and shared by consecutive tests ----------------------


class SharedLoad:
    """Content loaded once into an outer transaction that consecutive tests share.

    As Django's TestCase.setUpTestData: the loader runs inside a transaction that stays
    open; each test's own transaction (pytest-django's `db`) is a savepoint inside it, rolled
    back when the test ends, so every test starts from the same freshly loaded content. The
    outer transaction is rolled back as soon as the next test does not ask for this content
    (pytest_runtest_teardown below; the tests that do are kept together), so no other test
    ever sees it. A test that asks for it after that loads it in its own transaction.

    Used through two fixtures: a session-scoped one (`session_fixture`) that calls `load`
    (set up before any test's own transaction opens) and the function-scoped one the tests
    name, which loads the content itself when the shared load is already closed (see `demo`).
    """

    def __init__(self, fixture_name: str, loader):
        self.fixture_name = fixture_name
        self.loader = loader
        self.atomic = None
        self.result = None
        SHARED_LOADS.append(self)

    @property
    def open(self) -> bool:
        return self.atomic is not None

    def load(self, blocker) -> None:
        with blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                self.result = self.loader()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
            self.atomic = atomic

    def session_fixture(self, name: str):
        """The session-scoped fixture, named `name`, that loads this content: set up before
        any test's own transaction opens, closed (if still open) when the session ends."""

        @pytest.fixture(scope="session", name=name)
        def loaded_once(django_db_setup, django_db_blocker):
            self.load(django_db_blocker)
            yield self
            self.close(django_db_blocker)

        return loaded_once

    def close(self, blocker) -> None:
        if self.atomic is None:
            return
        with blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        self.result = None


SHARED_LOADS: list[SharedLoad] = []


def _load_demo() -> None:
    with override_settings(DEBUG=True):  # load_demo refuses to run without it
        call_command("load_demo", stdout=io.StringIO())


_shared_demo = SharedLoad("demo", _load_demo)
_demo_loaded_once = _shared_demo.session_fixture("_demo_loaded_once")


@pytest.fixture
def demo(_demo_loaded_once, db) -> dict:
    """The site as `manage.py load_demo` leaves it (pages, accounts, reports, media), loaded
    once per worker and shared (see SharedLoad); the demo accounts by username."""
    if not _demo_loaded_once.open:
        _load_demo()
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    for shared in SHARED_LOADS:
        if shared.open and (nextitem is None or shared.fixture_name not in nextitem.fixturenames):
            from pytest_django.plugin import blocking_manager_key

            shared.close(item.config.stash[blocking_manager_key])
    return result
