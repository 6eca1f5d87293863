"""Search latency and SQL queries over a large site: not a test, a measurement.

Fills the database named by DATABASE_URL (never your working database: give it its own) with
the demo content plus generated pages until it holds --pages pages, then times searches as
the `medewerker` account through Django's test client, HTML page and JSON.

    DATABASE_URL=sqlite:////tmp/bench/db.sqlite3 MEDIA_ROOT=/tmp/bench/media \\
        .venv/bin/python bench/search_bench.py --pages 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/search_bench.py

Generated pages use the domain's words, so common queries ("integriteit", "melden") match
thousands of pages and rare ones ("bibob") a few. Run it again to measure without
generating: pages already there are kept.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
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

WORDS = [
    "integriteit",
    "melden",
    "melding",
    "vertrouwenspersoon",
    "geschenk",
    "nevenfunctie",
    "leidinggevende",
    "medewerker",
    "provincie",
    "regeling",
    "gedragscode",
    "misstand",
    "fraude",
    "informatie",
    "vertrouwelijk",
    "ongewenst",
    "gedrag",
    "pesten",
    "intimidatie",
    "uitnodiging",
    "leverancier",
    "dienstauto",
    "declaratie",
    "onderzoek",
    "team",
    "afdeling",
    "gesprek",
    "twijfel",
    "vraag",
    "advies",
    "beleid",
    "werk",
    "collega's",
    "afspraak",
    "verantwoordelijk",
    "eerlijk",
    "open",
    "respect",
    "veilig",
    "dilemma",
    "training",
    "moreel",
    "beraad",
    "ambtseed",
]


def sentence(rng: random.Random, length: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def generate(total: int, seed: int = 5) -> int:
    from django.db import transaction

    from wagtail.models import Page

    from kennisbank.constants import AdoptedBy, PolicyKind
    from kennisbank.models import ContentPage, PolicyDocumentPage, PolicyVersion, ThemePage

    rng = random.Random(seed)  # noqa: S311 - filler text, not secrets
    existing = Page.objects.count()
    missing = total - existing
    if missing <= 0:
        return 0
    themes = list(ThemePage.objects.live())
    made = 0
    started = time.perf_counter()
    while made < missing:
        with transaction.atomic():
            for _ in range(min(200, missing - made)):
                parent = themes[made % len(themes)].specific
                title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {existing + made}"
                if made % 10 == 0:
                    page = PolicyDocumentPage(
                        title=title,
                        kind=PolicyKind.REGELING,
                        summary=sentence(rng),
                        document_owner="integriteitscoördinator",
                    )
                    page.versions.add(
                        PolicyVersion(
                            label="2024",
                            adopted_by=AdoptedBy.GS,
                            adopted_on="2024-01-01",
                            in_force_from="2024-02-01",
                            articles=[
                                {
                                    "type": "article",
                                    "value": {
                                        "number": str(n),
                                        "title": "",
                                        "text": f"<p>{sentence(rng, 25)}</p>",
                                    },
                                }
                                for n in range(1, 6)
                            ],
                        )
                    )
                else:
                    page = ContentPage(
                        title=title,
                        intro=sentence(rng),
                        body=[
                            {"type": "paragraph", "value": f"<p>{sentence(rng, 40)}</p>"}
                            for _ in range(3)
                        ],
                    )
                parent.add_child(instance=page)
                made += 1
        elapsed = time.perf_counter() - started
        print(f"  {existing + made} pages ({elapsed:.0f} s)", file=sys.stderr)
    return made


def measure(runs: int) -> list[tuple[str, str, float, float, int, int]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
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


def measure_varied() -> list[tuple[str, float, int, int]]:
    """Each of the fifty varied questions once (after one warm-up round), HTML page."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username="medewerker"))
    for query in VARIED:
        client.get("/zoeken/", {"q": query})
    rows = []
    for query in VARIED:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/zoeken/", {"q": query})
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (query, response.status_code)
        outcome = response.context.get("outcome")
        rows.append((query, elapsed, len(captured), outcome.total if outcome else 0))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", type=int, default=10_000, help="pages in the site (default 10000)"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument(
        "--varied", action="store_true", help="time the fifty varied questions: p50 and p95"
    )
    args = parser.parse_args()

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
    made = generate(args.pages)
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum (PostgreSQL) would have after a bulk load: without
        # them PostgreSQL's planner joins 10,000 rows by nested loops.
        cursor.execute("ANALYZE")
    settings.DEBUG = False
    pages = Page.objects.count()
    if args.varied:
        rows = measure_varied()
        timings = sorted(row[1] for row in rows)
        print(f"{connection.vendor}, {pages} pages, {len(rows)} varied questions, once each")
        for query, elapsed, queries, total in rows:
            print(f"{query[:40]:40} {elapsed:8.1f} ms {queries:4} SQL {total:6} results")
        p95 = timings[int(0.95 * (len(timings) - 1))]
        print(
            f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
        )
        return
    print(f"{connection.vendor}, {pages} pages ({made} generated now), {args.runs} runs each")
    print(f"{'query':32} {'kind':5} {'median ms':>10} {'max ms':>8} {'SQL':>4} {'results':>8}")
    for query, kind, median, worst, queries, total in measure(args.runs):
        print(f"{query[:32]:32} {kind:5} {median:10.1f} {worst:8.1f} {queries:4} {total:8}")


if __name__ == "__main__":
    main()
