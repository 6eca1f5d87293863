"""What every page shows and few people change, kept in the shared cache (issue 13).

The main menu (the themes under the site root) and the footer (the meldpunt's phone and
e-mail from the site settings, the links to the privacy and accessibility statements) are
the same for every reader, so they are read once and kept in the cache (Redis in
production, local memory in development) instead of costing queries on every page.

Kept until something they show changes: a page published, unpublished, moved or deleted
(Wagtail's signals: a title, a menu flag or an address may change) or the site settings
saved. Nothing personal is kept: the menu's logout form, with its CSRF token, is rendered
per request around the cached entries.
"""

import logging

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

MENU_KEY = "integriteitsplein:menu:{site}"
FOOTER_KEY = "integriteitsplein:footer:{site}"
# A day at most: the values are invalidated by signals; this only bounds a missed one.
TIMEOUT = 24 * 60 * 60


def menu_key(site) -> str:
    return MENU_KEY.format(site=site.pk)


def footer_key(site) -> str:
    return FOOTER_KEY.format(site=site.pk)


def cache_get(key):
    """The cached value, or None also when the cache cannot be reached: a cache outage
    costs the queries it saves, never the page."""
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Cache niet bereikbaar bij lezen van %s", key)
        return None


def cache_set(key, value) -> None:
    try:
        cache.set(key, value, TIMEOUT)
    except Exception:
        logger.warning("Cache niet bereikbaar bij schrijven van %s", key)


def clear_site_caches(templates=(MENU_KEY, FOOTER_KEY), **kwargs) -> None:
    """Forget the menus and footers of every site (a handful of keys)."""
    from wagtail.models import Site

    keys = [
        template.format(site=site_pk)
        for site_pk in Site.objects.values_list("pk", flat=True)
        for template in templates
    ]
    try:
        cache.delete_many(keys)
    except Exception:
        # Nothing can be read from an unreachable cache either; TIMEOUT bounds the rest.
        logger.warning("Cache niet bereikbaar bij wissen van menu en voettekst")


def clear_footers(**kwargs) -> None:
    clear_site_caches(templates=(FOOTER_KEY,))


def connect_signals() -> None:
    from wagtail.models import Page, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from integriteitsplein.models import SiteSettings

    uid = "integriteitsplein-site-caches"
    page_published.connect(clear_site_caches, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(clear_site_caches, dispatch_uid=f"{uid}-unpublished")
    post_page_move.connect(clear_site_caches, dispatch_uid=f"{uid}-moved")
    post_delete.connect(clear_site_caches, sender=Page, dispatch_uid=f"{uid}-deleted")
    post_save.connect(clear_site_caches, sender=Site, dispatch_uid=f"{uid}-site")
    post_delete.connect(clear_site_caches, sender=Site, dispatch_uid=f"{uid}-site-deleted")
    # The settings are only in the footer (created on a first visit: the menu stays).
    post_save.connect(clear_footers, sender=SiteSettings, dispatch_uid=f"{uid}-settings")
    post_delete.connect(clear_footers, sender=SiteSettings, dispatch_uid=f"{uid}-settings-del")
