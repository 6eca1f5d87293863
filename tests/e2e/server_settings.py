"""Settings of the server the browser tests talk to: development settings, DEBUG off.

The demo content is loaded with the development settings (load_demo needs DEBUG);
the pages are then served with DEBUG off, as in production, so the browser sees the
site's own 404 page instead of Django's debug page. Everything else (SQLite file,
media folders, keys) comes from the environment the e2e fixture sets.
"""

from integriteitsplein.settings.dev import *  # noqa: F403

DEBUG = False
