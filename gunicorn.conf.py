"""Gunicorn settings, read from the working directory: run `gunicorn` in the project folder
with DJANGO_SETTINGS_MODULE=integriteitsplein.settings.production.

No access log is written unless --access-logfile is given. If it is, its lines have no
client address, user agent or referrer, and the meldkanaal's pages (/melden/) are left out:
an anonymous reporter must not be traceable through a log (docs/data_protection.md).
"""

import multiprocessing
import os

wsgi_app = "integriteitsplein.wsgi:application"
logger_class = "meldkanaal.gunicorn_logging.AccessLogger"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'

# Workers from the number of cores (issue 13): sync workers spend part of each request
# waiting for PostgreSQL and Redis, so two per core plus one keeps the cores busy.
# WEB_CONCURRENCY (or --workers) overrides it, e.g. where memory is tight (~100 MB a worker).
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)

# A worker is replaced after about a thousand requests (the jitter keeps them from all
# going at once). Every cache a worker keeps is bounded, but one that has answered thousands
# of different questions and pages holds about 10 MB more than a fresh one (issue 13 asks
# RSS <= 150 MB; bench/worker_memory.py measures it). The new worker forks from the warmed-up
# master and serves one request of its own before its first reader (post_fork), so the
# recycling costs readers nothing; --max-requests 0 turns it off.
max_requests = 1000
max_requests_jitter = 200

# Load the application once, warm it up, then fork: the workers share the loaded code and
# compiled templates, and the first reader after a (re)start does not pay for them.
preload_app = True


def when_ready(server):
    from integriteitsplein.warmup import warm_up

    warm_up()


def post_fork(server, worker):
    from integriteitsplein.warmup import warm_worker

    warm_worker()
