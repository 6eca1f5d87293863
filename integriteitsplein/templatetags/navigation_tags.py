from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from wagtail.models import Site

from integriteitsplein import caching
from integriteitsplein.routing import page_trail

register = template.Library()


def _menu_items(site, request) -> list[dict]:
    """The home page's live children shown in menus, from the cache when it has them."""
    key = caching.menu_key(site)
    items = caching.cache_get(key)
    if items is None:
        items = [
            {"path": page.path, "title": page.title, "url": page.get_url(request) or ""}
            for page in site.root_page.get_children().live().in_menu()
        ]
        caching.cache_set(key, items)
    return items


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The themes in the header: the home page's live children shown in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = _menu_items(site, request) if site else []
    current = context.get("page")
    current_path = current.path if current else ""
    # aria-current: "page" on the page itself, "true" on the theme that contains it.
    entries = [
        {
            **item,
            "current": "page"
            if item["path"] == current_path
            else ("true" if current_path.startswith(item["path"]) else ""),
        }
        for item in items
    ]
    return {
        "home": site.root_page if site else None,
        "home_current": bool(site) and current_path == site.root_page.path,
        "entries": entries,
        "request": request,
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """Ancestors of the current page below the site root, for the breadcrumb trail: the
    pages routing passed on its way (integriteitsplein/routing.py), else one query."""
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "page": page}
    request = context.get("request")
    trail = page_trail(request, page) if request else None
    if trail is not None:
        ancestors = [p for p in trail if p.depth >= 2]
    else:
        ancestors = page.get_ancestors().filter(depth__gte=2)
    return {"ancestors": ancestors, "page": page}


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer (meldpunt, statements, text) from the site settings, rendered once per
    site and kept in the cache until the settings or a page change (caching.py)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return ""
    key = caching.footer_key(site)
    html = caching.cache_get(key)
    if html is None:
        from integriteitsplein.models import SiteSettings

        html = render_to_string(
            "components/site_footer.html",
            {"site_settings": SiteSettings.for_site(site), "request": request},
        )
        caching.cache_set(key, html)
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there
