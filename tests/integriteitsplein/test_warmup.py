"""gunicorn warms the application up before forking its workers (gunicorn.conf.py)."""

import runpy
from pathlib import Path

from django.db import connections
from django.template import engines

import pytest

from integriteitsplein.warmup import warm_up

pytestmark = pytest.mark.django_db


def _cached_templates():
    loader = engines["django"].engine.template_loaders[0]
    return set(getattr(loader, "get_template_cache", {}))


def test_warm_up_compiles_every_template_and_closes_the_connections(monkeypatch):
    closed = []
    # (Closing for real would end this test's transaction.)
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    # The garbage collector of this test process is left as it is (the next test checks it).
    monkeypatch.setattr("integriteitsplein.warmup.freeze_heap", lambda: None)

    warm_up()

    assert {"base.html", "kennisbank/policy_document_page.html"} <= _cached_templates()
    assert closed  # a forked worker must open its own database connection
    # reverse() of a namespaced URL needs no regular expressions compiled any more.
    from django.urls import get_resolver

    resolver = get_resolver()
    assert resolver._populated
    assert all(sub._populated for _prefix, sub in resolver.namespace_dict.values())
    # No cache connection handed to the workers either.
    from django.core.cache import caches

    for alias in caches:
        client = getattr(caches[alias], "_cache", None)
        assert not getattr(client, "_pools", None)
        assert not getattr(client, "_clients", None)


def test_warm_up_freezes_what_is_loaded_for_the_garbage_collector(monkeypatch):
    """A full collection walks every object it tracks: the loaded application is frozen,
    so it walks only what requests made (integriteitsplein/warmup.py, freeze_heap)."""
    import gc

    monkeypatch.setattr(connections, "close_all", lambda: None)
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: frozen.append(t))
    monkeypatch.setattr(gc, "get_threshold", lambda: (700, 10, 10))

    warm_up()

    assert frozen == [True, (20_000, 10, 10)]


def test_gunicorn_runs_a_worker_per_core_and_warms_up_before_forking(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    config = runpy.run_path(str(Path(__file__).parents[2] / "gunicorn.conf.py"))

    assert config["workers"] == 5
    assert config["preload_app"] is True
    assert callable(config["when_ready"])
    assert callable(config["post_fork"])  # each worker connects before its first reader
