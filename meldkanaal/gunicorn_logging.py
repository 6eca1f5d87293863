"""Gunicorn's access log without anything that identifies a reporter (see gunicorn.conf.py).

Gunicorn writes no access log unless one is switched on (--access-logfile). When it is, this
logger leaves out the meldkanaal's own pages entirely (a timed line "POST /melden/ 303" dates
a report, even without an address) and never writes a client address, user agent, referrer,
user name or request header for any page, whatever access_log_format says.
"""

from gunicorn.glogging import Logger

BLANKED_ATOMS = ("h", "u", "f", "a")


def meldkanaal_prefix() -> str:
    """The reporter's side of the meldkanaal (the form page and meldkanaal/urls.py)."""
    from django.conf import settings

    return settings.MELDKANAAL_PATH


class AccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO", "").startswith(meldkanaal_prefix()):
            return
        super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in list(atoms):
            # {header}i and {variable}e may hold X-Forwarded-For, cookies or REMOTE_ADDR.
            if key in BLANKED_ATOMS or key.endswith(("}i", "}e")):
                atoms[key] = "-"
        return atoms
