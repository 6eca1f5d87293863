"""Several people reading one cached page (ADR 0019), for the tests of per-reader fragments."""

from django.test import Client

from wagtail.models import Site

from integriteitsplein.models import SiteSettings


def clients_for(*users) -> list[Client]:
    """A logged-in client per user. The site settings are made first, as a first visit
    would: making them empties the page cache, which would turn a test's hit into a miss."""
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients
