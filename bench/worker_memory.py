"""Worker memory over a long day of varied reading: not a test, a measurement.

`make bench` reads a worker's memory after a few addresses asked over and over. A worker in
production answers thousands of different questions and pages, and every cache it keeps
per process (analysed words, compiled SQL per shape, the facts of a generation, result
pages) grows until its bound. This starts gunicorn as `make bench` does (production
settings, PostgreSQL and Redis on loopback, the bench's site, logged in as `medewerker`)
and sends it, with wrk and a Lua script, a stream of different requests: searches made of
the 50 varied questions and of two generated words (pages 1 to 3), themes and news pages
at every page number, policy pages. Every `--every` seconds it prints the requests served
and each worker's RSS, PSS and private memory.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_searchperf_bench \\
        .venv/bin/python bench/worker_memory.py --seconds 300
    ... --max-requests 0      # gunicorn.conf.py's worker recycling off, to see the growth

Run it after `make bench` (or bench/search_bench.py --generate-only) filled the database.
"""

import argparse
import itertools
import random
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import WORDS  # noqa: E402
from search_bench import VARIED  # noqa: E402
from site_bench import Site, add_site_arguments, worker_memory_mb  # noqa: E402

# Which addresses the policy pages, themes and news index have: one line each, from PREPARE.
ADDRESSES = """
from kennisbank.models import NewsIndexPage, PolicyDocumentPage, ThemePage
for page in PolicyDocumentPage.objects.live()[:300]:
    print("PATH", page.url)
for theme in ThemePage.objects.live():
    print("THEME", theme.url, theme.numchild)
print("NEWS", NewsIndexPage.objects.live().first().url)
"""

LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def request_paths(lines: list[str], rng: random.Random) -> list[str]:
    """Searches (the varied questions, two-word mixes; pages 1–3), themes and the news at
    every page number, policy pages: most of them asked once or twice in a run."""
    quote = urllib.parse.quote_plus
    questions = list(VARIED) + [f"{a} {b}" for a, b in itertools.permutations(WORDS, 2)]
    paths = [f"/zoeken/?q={quote(q)}&pagina={n}" for q in questions for n in (1, 2, 3)]
    for line in lines:
        kind, *rest = line.split()
        if kind == "PATH":
            paths.append(rest[0])
        elif kind == "THEME":
            url, children = rest[0], int(rest[1])
            paths += [f"{url}?pagina={n}" for n in range(1, children // 24 + 2)]
        elif kind == "NEWS":
            paths += [f"{rest[0]}?pagina={n}" for n in range(1, 201)]
    rng.shuffle(paths)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_site_arguments(parser)
    parser.add_argument("--seconds", type=int, default=300, help="how long (default 300)")
    parser.add_argument("--every", type=int, default=30, help="seconds between readings")
    parser.add_argument(
        "--max-requests",
        type=int,
        help="gunicorn's --max-requests (0: never recycle); default: gunicorn.conf.py's",
    )
    args = parser.parse_args()
    args.pages, args.news, args.contacts = 10_000, 2_000, 200
    recycling = () if args.max_requests is None else ("--max-requests", str(args.max_requests))

    site = Site(args, extra=ADDRESSES, gunicorn_args=recycling)
    paths = request_paths(site.lines, random.Random(13))
    (site.work / "paths.txt").write_text("\n".join(paths) + "\n")
    script = site.work / "varied.lua"
    script.write_text(LUA % (site.work / "paths.txt"))
    print(f"{len(paths)} different addresses, requests in a random order")
    print(f"{'s':>5} {'requests':>9} {'non-2xx':>8}  RSS / PSS / private per worker (MB)")
    served = errors = 0
    try:
        for elapsed in range(args.every, args.seconds + 1, args.every):
            load = ["wrk", "-t2", "-c8", f"-d{args.every}s", "--timeout", "10s", "-s", str(script)]
            headers = ["-H", f"Cookie: {site.cookie}", "-H", "X-Forwarded-Proto: https"]
            out = subprocess.run(
                [*load, *headers, site.base],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            served += int(re.search(r"(\d+) requests in", out).group(1))
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            errors += int(non2xx.group(1)) if non2xx else 0
            memory = worker_memory_mb(site.server.pid)
            print(
                f"{elapsed:5} {served:9} {errors:8}  "
                + ", ".join(f"{rss:.0f}/{pss:.0f}/{own:.0f}" for rss, pss, own in memory),
                flush=True,
            )
    finally:
        site.stop()


if __name__ == "__main__":
    main()
