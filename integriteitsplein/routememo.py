"""Sites and a few routes, remembered per process under the page cache's generation (ADR 0025).

Wagtail looks up the site of every request (one query with a CASE over hostnames and ports,
about 1.5 ms of CPU) and routes a page by walking the tree (four queries to reach the
meldkanaal's form). Both change only when someone changes a site, a page or a view restriction,
and each of those raises the page cache's generation (`pagecache.invalidate`, also after the
commit). So every process keeps, for the current generation:

- the site of each (host, port): its row's values, a new `Site` instance per request;
- which page a path leads to, for page types that ask for it (`remember_route = True`: the
  meldkanaal's form, whose POST the page cache never answers) and only for a plain route
  (no arguments of a routable page). The page itself is read fresh, live only (one query).

Wagtail takes both as already found: `request._wagtail_site` (Site.find_for_request) and
`request._wagtail_route_for_request` (Page.route_for_request). Nothing is shared between
requests but ids and column values; nothing about the reader is involved. The generation is
read once per request (shared with the page cache). While the cache cannot be reached the
generation is unknown and nothing is remembered or used: Wagtail finds both itself.
"""

import threading

from django.conf import settings
from django.http.request import split_domain_port

from integriteitsplein import pagecache

# At most this many hosts and routes per process (only allowed hosts get this far; a bound
# all the same).
LIMIT = 64

_sites: dict[tuple[str, int], tuple[int, tuple | None]] = {}
_routes: dict[tuple[int, str], tuple[int, type, int]] = {}
_lock = threading.Lock()


def reset() -> None:
    """Forget everything (tests)."""
    with _lock:
        _sites.clear()
        _routes.clear()


def _remember(memo: dict, key, value) -> None:
    with _lock:
        if len(memo) >= LIMIT and key not in memo:
            memo.clear()
        memo[key] = value


# --- Sites --------------------------------------------------------------------------------


def _site_key(request) -> tuple[str, int]:
    # The same host and port as Wagtail's Site._find_for_request.
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def site_for_request(request, generation: int):
    """The request's site (or None), as Wagtail would find it; from memory when it can."""
    from wagtail.models import Site

    key = _site_key(request)
    entry = _sites.get(key)
    if entry is not None and entry[0] == generation:
        values = entry[1]
        if values is None:
            return None
        return Site.from_db("default", _site_fields(), values)
    site = Site._find_for_request(request)
    values = None if site is None else tuple(getattr(site, f) for f in _site_fields())
    _remember(_sites, key, (generation, values))
    return site


def _site_fields() -> list[str]:
    from wagtail.models import Site

    return [field.attname for field in Site._meta.concrete_fields]


# --- Routes -------------------------------------------------------------------------------


def _route_key(site, request) -> tuple[int, str]:
    return site.pk, request.path_info


def remember_route(page, request, serve_args, serve_kwargs) -> None:
    """Wagtail's before_serve_page hook: note where this path led, for page types that ask."""
    specific_class = type(page)
    if not getattr(specific_class, "remember_route", False) or serve_args or serve_kwargs:
        return
    generation = getattr(request, "_routememo_generation", None)
    site = getattr(request, "_wagtail_site", None)
    if generation is None or site is None or getattr(request, "_routememo_used", False):
        return
    _remember(_routes, _route_key(site, request), (generation, specific_class, page.pk))


def remembered_route(request, generation: int):
    """(page, [], {}) for a remembered path of this request's site, else None."""
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        return None
    entry = _routes.get(_route_key(site, request))
    if entry is None or entry[0] != generation:
        return None
    _, model, pk = entry
    page = model.objects.filter(pk=pk, live=True).first()
    if page is None:
        return None
    return page, [], {}


# --- The middleware -------------------------------------------------------------------------


class RouteMemoMiddleware:
    """Hands Wagtail the site (every request) and a remembered route (page serving only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.ROUTE_MEMO_ENABLED:
            return self.get_response(request)
        generation = pagecache.request_generation(request)
        if generation is not None:
            request._routememo_generation = generation
            request._wagtail_site = site_for_request(request, generation)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve

        if view_func is not serve:
            return None
        generation = getattr(request, "_routememo_generation", None)
        if generation is None or hasattr(request, "_wagtail_route_for_request"):
            return None
        route = remembered_route(request, generation)
        if route is not None:
            request._wagtail_route_for_request = route
            request._routememo_used = True
        return None
