"""Entry point for a production server (gunicorn): production settings unless told otherwise.

manage.py and `make run` keep the development and demo settings.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integriteitsplein.settings.production")
application = get_wsgi_application()
