"""Gunicorn settings, read from the working directory: run `gunicorn` in the project folder
with DJANGO_SETTINGS_MODULE=integriteitsplein.settings.production.

No access log is written unless --access-logfile is given. If it is, its lines have no
client address, user agent or referrer, and the meldkanaal's pages (/melden/) are left out:
an anonymous reporter must not be traceable through a log (docs/data_protection.md).
"""

wsgi_app = "integriteitsplein.wsgi:application"
logger_class = "meldkanaal.gunicorn_logging.AccessLogger"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
