"""CPU per page, in-process, with the page cache off and as a cache hit: not a test, a measurement.

    set -a; . prod.env; set +a   # production settings, PostgreSQL, Redis (docs/performance.md)
    BENCH_BASELINE=true .venv/bin/python bench/page_cpu.py [--runs 30] [--profile /]

Logs in as `medewerker` through Django's test client and requests the pages `make bench`
measures. Per page it prints the median and p95 of this process's CPU time
(time.process_time: Python and templates, not the database server's) and the queries, with
the page cache off (every request rendered: what a page costs when the cache is empty) and
on (a hit). CPU time hardly depends on what else runs on the machine; the ratio to the bare
view is the ratio of requests per second a CPU-bound server reaches. `--profile PATH` prints
a cProfile of that address rendered with the cache off.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from integriteitsplein.warmup import warm_up  # noqa: E402


def addresses() -> list[tuple[str, str]]:
    from kennisbank.models import (
        ContactOverviewPage,
        NewsIndexPage,
        PolicyDocumentPage,
        ThemePage,
    )
    from meldkanaal.models import MeldFormPage

    policy = next(p for p in PolicyDocumentPage.objects.live() if len(p.all_versions) >= 2)
    versions = policy.all_versions
    news = NewsIndexPage.objects.live().first()
    baseline = [("baseline", "/bench/baseline/")] if settings.BENCH_BASELINE else []
    return [
        *baseline,
        ("home", "/"),
        ("policy", policy.url),
        ("compare", f"{policy.url}vergelijk/{versions[0].slug}/{versions[-1].slug}/"),
        ("news p1", news.url),
        ("news p100", f"{news.url}?pagina=100"),
        ("theme", max(ThemePage.objects.live(), key=lambda t: t.numchild).url),
        ("contacts", ContactOverviewPage.objects.live().first().url),
        ("report form", MeldFormPage.objects.live().first().url),
    ]


def measure(client: Client, path: str, runs: int) -> tuple[list[float], int]:
    cpu_ms, queries = [], 0
    for _ in range(3 + runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = client.get(path, HTTP_X_FORWARDED_PROTO="https")
            cpu_ms.append((time.process_time() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path}: {response.status_code}")
        queries = len(captured)
    return cpu_ms[3:], queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", metavar="PATH")
    args = parser.parse_args()

    warm_up()
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    client.force_login(
        get_user_model().objects.get(username="medewerker"),
        backend="sso.backends.LocalLoginBackend",
    )
    if args.profile:
        with override_settings(PAGE_CACHE_ENABLED=False):
            measure(client, args.profile, 3)
            profiler = cProfile.Profile(time.process_time)
            profiler.runcall(client.get, args.profile, HTTP_X_FORWARDED_PROTO="https")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
        return

    print(f"{'page':12} {'off p50':>8} {'p95':>6} {'queries':>7} {'hit p50':>8} {'queries':>7}")
    for label, path in addresses():
        with override_settings(PAGE_CACHE_ENABLED=False):
            off, off_queries = measure(client, path, args.runs)
        hit, hit_queries = measure(client, path, args.runs)
        print(
            f"{label:12} {statistics.median(off):8.1f} "
            f"{statistics.quantiles(off, n=20)[-1]:6.1f} {off_queries:7} "
            f"{statistics.median(hit):8.1f} {hit_queries:7}"
        )


if __name__ == "__main__":
    main()
