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

    warm_up()

    assert {"base.html", "kennisbank/policy_document_page.html"} <= _cached_templates()
    assert closed  # a forked worker must open its own database connection


def test_gunicorn_runs_a_worker_per_core_and_warms_up_before_forking(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 2)
    config = runpy.run_path(str(Path(__file__).parents[2] / "gunicorn.conf.py"))

    assert config["workers"] == 5
    assert config["preload_app"] is True
    assert callable(config["when_ready"])
