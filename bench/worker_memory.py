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
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import WORDS  # noqa: E402
from search_bench import VARIED  # noqa: E402
from site_bench import PREPARE, PYTHON, SECRET, environment, free_port, worker_memory_mb  # noqa: E402

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
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_site"
        ),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    parser.add_argument("--seconds", type=int, default=300, help="how long (default 300)")
    parser.add_argument("--every", type=int, default=30, help="seconds between readings")
    parser.add_argument(
        "--max-requests",
        type=int,
        help="gunicorn's --max-requests (0: never recycle); default: gunicorn.conf.py's",
    )
    args = parser.parse_args()
    args.pages, args.news, args.contacts = 10_000, 2_000, 200

    work = Path(tempfile.mkdtemp(prefix="integriteitsplein-memory-"))
    static_root = work / "static"
    port = free_port()
    env = environment(args, static_root, port)
    script = PREPARE.format(
        root=str(ROOT),
        bench=str(ROOT / "bench"),
        pages=args.pages,
        news=args.news,
        contacts=args.contacts,
        secret=SECRET,
    )
    prepared = subprocess.run(
        [PYTHON, "-c", script + ADDRESSES], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if prepared.returncode:
        sys.exit(prepared.stderr[-3000:])
    lines = prepared.stdout.splitlines()
    cookie = "sessionid=" + next(line.split()[1] for line in lines if line.startswith("SESSION"))
    paths = request_paths(lines, random.Random(13))
    (work / "paths.txt").write_text("\n".join(paths) + "\n")
    (work / "varied.lua").write_text(LUA % (work / "paths.txt"))

    prod = {**env, "DJANGO_SETTINGS_MODULE": "integriteitsplein.settings.production"}
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=prod, check=True, cwd=ROOT
    )
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}"]
    if args.max_requests is not None:
        command += ["--max-requests", str(args.max_requests)]
    server = subprocess.Popen(
        command, env=prod, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    request = urllib.request.Request(
        base + "/", headers={"Cookie": cookie, "X-Forwarded-Proto": "https"}
    )
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            break
        except OSError:
            if server.poll() is not None or time.perf_counter() - started > 120:
                sys.exit("gunicorn startte niet")
            time.sleep(0.2)
    print(f"{len(paths)} different addresses, requests in a random order")
    print(f"{'s':>5} {'requests':>9} {'non-2xx':>8}  RSS / PSS / private per worker (MB)")
    served = errors = 0
    try:
        for elapsed in range(args.every, args.seconds + 1, args.every):
            out = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c8",
                    f"-d{args.every}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(work / "varied.lua"),
                    "-H",
                    f"Cookie: {cookie}",
                    "-H",
                    "X-Forwarded-Proto: https",
                    base,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            served += int(re.search(r"(\d+) requests in", out).group(1))
            non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            errors += int(non2xx.group(1)) if non2xx else 0
            memory = worker_memory_mb(server.pid)
            print(
                f"{elapsed:5} {served:9} {errors:8}  "
                + ", ".join(f"{rss:.0f}/{pss:.0f}/{own:.0f}" for rss, pss, own in memory),
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
