"""The demo as a user meets it (`make run`, the browser tests): development settings, DEBUG off.

The demo content is loaded with the development settings (load_demo needs DEBUG); the pages
are then served with DEBUG off, as in production, so a wrong address shows the site's own
Dutch 404 page instead of Django's English debug page with the URL patterns.
"""

from .dev import *  # noqa: F403

DEBUG = False
