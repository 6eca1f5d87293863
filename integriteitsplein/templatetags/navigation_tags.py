from django import template

from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The themes in the header: the home page's live children shown in menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = site.root_page.get_children().live().in_menu() if site else []
    current = context.get("page")
    current_path = current.path if current else ""
    # aria-current: "page" on the page itself, "true" on the theme that contains it.
    entries = [
        {
            "page": item,
            "current": "page"
            if item.path == current_path
            else ("true" if current_path.startswith(item.path) else ""),
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
    """Ancestors of the current page below the site root, for the breadcrumb trail."""
    page = context.get("page")
    if page is None or page.depth <= 2:
        return {"ancestors": [], "page": page}
    ancestors = page.get_ancestors().filter(depth__gte=2)
    return {"ancestors": ancestors, "page": page}
