"""Search latency and SQL queries over a large site: not a test, a measurement.

Fills the database named by DATABASE_URL (never your working database: give it its own) with
the demo content plus generated pages until it holds --pages pages, then times searches as
the `medewerker` account through Django's test client, HTML page and JSON.

    DATABASE_URL=sqlite:////tmp/bench/db.sqlite3 MEDIA_ROOT=/tmp/bench/media \\
        .venv/bin/python bench/search_bench.py --pages 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/search_bench.py

With the dev settings module the site's generation is kept in local memory. To measure as
production runs (Redis, production settings), give that environment (docs/performance.md):

    set -a; . prod.env; set +a; DATABASE_URL=… .venv/bin/python bench/search_bench.py --varied

Generated pages use the domain's words, so common queries ("integriteit", "melden") match
thousands of pages and rare ones ("bibob") a few. Run it again to measure without
generating: pages already there are kept.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integriteitsplein.settings.dev")

QUERIES = [
    "integriteit",  # matches nearly every generated page
    "melden",
    "vertrouwenspersoon",
    "cadeau van een leverancier",
    "nevenfuncties",
    "bibob",
    "pesten op het werk",
    "xyzzy",  # nothing: spelling suggestion path
    "vertrouwenpersoon",  # a typo
]

# Fifty varied questions an employee types, most of two to six words (issue 13's p95 set).
VARIED = [
    "gedragscode",
    "pesten op het werk",
    "cadeau van een leverancier",
    "nevenfunctie melden",
    "vertrouwenspersoon ongewenst gedrag",
    "hoe meld ik een misstand",
    "geschenk boven 50 euro",
    "uitnodiging etentje leverancier",
    "dienstauto privé gebruiken",
    "declaratie reiskosten regels",
    "vermoeden van fraude melden",
    "seksuele intimidatie collega",
    "anoniem melden",
    "vertrouwelijk gesprek met vertrouwenspersoon",
    "ambtseed afleggen",
    "moreel beraad aanvragen",
    "dilemmaspel spelen met mijn team",
    "e-learning integriteit",
    "training morele oordeelsvorming",
    "regeling melden vermoeden van een misstand",
    "wet bescherming klokkenluiders",
    "informatie lekken",
    "vertrouwelijke informatie delen",
    "leidinggevende doet niets",
    "discriminatie op de afdeling",
    "agressie en geweld",
    "integriteitscoördinator bellen",
    "meldpunt integriteit telefoon",
    "nevenfuncties registreren",
    "bibob onderzoek",
    "ondermijning weerbaarheid",
    "verlof registratie fraude",
    "belangenverstrengeling bij inkoop",
    "onderzoeksprotocol integriteitsschending",
    "integriteitsplan",
    "jaarverslag integriteit",
    "vog aanvragen",
    "berijdersprotocol",
    "mijn collega steelt",
    "twijfel over een geschenk",
    "wat is een misstand",
    "met wie kan ik praten",
    "advies vragen over nevenfunctie",
    "gedragscode ambtelijke integriteit 2019",
    "melding opvolgen code",
    "onderzoek na een melding",
    "respectvol samenwerken in het team",
    "open gesprek over integriteit",
    "veilig melden zonder naam",
    "regels voor uitnodigingen en geschenken",
]


def _client():
    """Django's test client as a reader behind the proxy: over HTTPS (production settings
    redirect plain HTTP; elsewhere the header is ignored)."""
    from django.test import Client

    return Client(HTTP_X_FORWARDED_PROTO="https")


def measure(runs: int) -> list[tuple[str, str, float, float, int, int]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    client.force_login(get_user_model().objects.get(username="medewerker"))
    rows = []
    for query in QUERIES:
        for kind, extra in (("html", {}), ("json", {"format": "json"})):
            params = {"q": query, **extra}
            client.get("/zoeken/", params)  # warm caches (content types, site root)
            timings = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get("/zoeken/", params)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (query, response.status_code)
            total = (
                response.context["outcome"].total
                if kind == "html" and response.context.get("outcome")
                else response.json()["count"]
                if kind == "json"
                else 0
            )
            rows.append(
                (
                    query,
                    kind,
                    statistics.median(timings),
                    max(timings),
                    len(captured),
                    total,
                )
            )
    return rows


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def measure_varied(
    rounds: int, first_time: bool = True
) -> list[tuple[str, float, float, float, float, int, int]]:
    """The fifty varied questions, `rounds` times each after one warm-up round.

    `first_time`: each search as a question's first, so the pages of recent results and
    their snippets, which the process keeps (search/service.py), are forgotten before each.

    Per question, the median of the rounds of: the whole HTML page through Django's test
    client (wall ms), the search alone (`run_search`: results, facets and counts; wall ms
    and CPU ms from time.process_time), SQL queries of the page, and the result count.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from integriteitsplein import sitememo
    from integriteitsplein.warmup import warm_up
    from search import service
    from search.service import run_search

    def forget():
        if first_time:
            sitememo.forget(service.RESULT_PAGES)
            service._kept_highlight.cache_clear()

    warm_up()  # as gunicorn does before it forks (gunicorn.conf.py): warm, heap frozen
    user = get_user_model().objects.get(username="medewerker")
    client = _client()
    client.force_login(user)

    def search_alone(query):
        forget()
        request = RequestFactory().get("/zoeken/", {"q": query})
        request.user = user
        request.session = SessionStore()
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = run_search(request, query)
        return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, outcome

    for query in VARIED:  # warm-up: content types, the lexicon, templates
        client.get("/zoeken/", {"q": query})
        search_alone(query)
    samples: dict[str, list[tuple[float, float, float, float]]] = {q: [] for q in VARIED}
    info: dict[str, tuple[int, int]] = {}
    for _ in range(rounds):
        for query in VARIED:
            forget()
            with CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get("/zoeken/", {"q": query})
                page_ms = (time.perf_counter() - wall) * 1000
                page_cpu = (time.process_time() - cpu) * 1000
            assert response.status_code == 200, (query, response.status_code)
            search_ms, search_cpu, outcome = search_alone(query)
            samples[query].append((page_ms, page_cpu, search_ms, search_cpu))
            info[query] = (len(captured), outcome.total)
    rows = []
    for query in VARIED:
        medians = [statistics.median(s[i] for s in samples[query]) for i in range(4)]
        rows.append((query, *medians, *info[query]))
    return rows


def profile(query: str) -> None:
    """One search of `query` under pyinstrument, after a warm-up, and its SQL queries."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from integriteitsplein.warmup import warm_up
    from search.service import run_search

    warm_up()
    user = get_user_model().objects.get(username="medewerker")
    request = RequestFactory().get("/zoeken/", {"q": query})
    request.user = user
    request.session = SessionStore()
    run_search(request, query)
    request = RequestFactory().get("/zoeken/", {"q": query})
    request.user = user
    request.session = SessionStore()
    # CPU time, not wall time: on a shared machine the wall clock mostly measures waiting.
    profiler = cProfile.Profile(time.process_time)
    with CaptureQueriesContext(connection) as captured:
        cpu = time.process_time()
        profiler.enable()
        outcome = run_search(request, query)
        profiler.disable()
        cpu = (time.process_time() - cpu) * 1000
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"search/|kennisbank/|integriteitsplein/", 30)
    stats.sort_stats("tottime").print_stats(15)
    print(f"run_search: {cpu:.1f} ms CPU")
    print(f"{outcome.total} results, {len(captured)} SQL queries:")
    for entry in captured:
        print(f"  {entry['time']:>6} s  {entry['sql'][:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", type=int, default=10_000, help="pages in the site (default 10000)"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument(
        "--varied", action="store_true", help="time the fifty varied questions: p50 and p95"
    )
    parser.add_argument(
        "--nice",
        type=int,
        help="run at this priority, and the PostgreSQL backend serving it (root: -15)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --varied (default 3)")
    parser.add_argument(
        "--result-cache",
        action="store_true",
        help="keep the search result cache on: every run after a question's first is then "
        "answered from it (by default it is off, so each run ranks in the database)",
    )
    parser.add_argument("--profile", metavar="QUERY", help="profile one search (pyinstrument)")
    parser.add_argument(
        "--generate-only", action="store_true", help="fill the database, measure nothing"
    )
    args = parser.parse_args()
    if args.nice is not None:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)

    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # response.context and the 'testserver' host for the client
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from wagtail.models import Page

    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("migrate", verbosity=0)
    if not Page.objects.filter(depth=2).exists() or not Page.objects.filter(depth=3).exists():
        call_command("load_demo", stdout=io.StringIO())
    from generate import generate

    made = generate(args.pages)
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum (PostgreSQL) would have after a bulk load: without
        # them PostgreSQL's planner joins 10,000 rows by nested loops.
        cursor.execute("ANALYZE")
    settings.DEBUG = False
    if not args.result_cache:  # what a question costs the database, each time
        settings.SEARCH_RESULT_CACHE_SECONDS = 0
    if args.nice is not None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            os.setpriority(os.PRIO_PROCESS, cursor.fetchone()[0], args.nice)
    pages = Page.objects.count()
    if args.generate_only:
        print(f"{connection.vendor}, {pages} pages ({made} generated now)")
        return
    if args.profile:
        profile(args.profile)
        return
    if args.varied:
        rows = measure_varied(args.rounds, first_time=not args.result_cache)
        print(
            f"{connection.vendor}, {pages} pages, {len(rows)} varied questions, median of "
            f"{args.rounds} rounds each (after a warm-up round)"
        )
        print(
            f"{'query':40} {'page ms':>8} {'cpu':>6} {'search ms':>9} {'cpu':>6} "
            f"{'SQL':>4} {'results':>7}"
        )
        for query, page_ms, page_cpu, search_ms, search_cpu, queries, total in rows:
            print(
                f"{query[:40]:40} {page_ms:8.1f} {page_cpu:6.1f} {search_ms:9.1f} "
                f"{search_cpu:6.1f} {queries:4} {total:7}"
            )
        for label, index in (
            ("page (wall)", 1),
            ("page (CPU)", 2),
            ("search (wall)", 3),
            ("search (CPU)", 4),
        ):
            values = [row[index] for row in rows]
            print(
                f"{label:14} p50 {statistics.median(values):7.1f} ms  "
                f"p95 {_percentile(values, 0.95):7.1f} ms  max {max(values):7.1f} ms"
            )
        queries = [row[5] for row in rows]
        print(f"SQL queries per page: min {min(queries)}, max {max(queries)}")
        return
    print(f"{connection.vendor}, {pages} pages ({made} generated now), {args.runs} runs each")
    print(f"{'query':32} {'kind':5} {'median ms':>10} {'max ms':>8} {'SQL':>4} {'results':>8}")
    for query, kind, median, worst, queries, total in measure(args.runs):
        print(f"{query[:32]:32} {kind:5} {median:10.1f} {worst:8.1f} {queries:4} {total:8}")


if __name__ == "__main__":
    main()
