"""Routing a request to its page in one query instead of two per level (issue 13).

Wagtail finds `/onderwerp/geschenken/` by asking each page for its child with the next slug
and then loading that child's specific page: two queries per level of the tree. The site
root here reads every page on the path at once by `url_path` (indexed by
integriteitsplein/migrations/0003), then lets the deepest one route the rest, which is
what Wagtail's `Page.route` would have reached. The pages on the way are kept on the request
for the breadcrumbs (`page_trail`).

A routable page (RoutablePageMixin: a policy document's versions, the news RSS) decides
first about the rest of the path, as in Wagtail: the walk stops at it when one of its own
addresses matches.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def _own_address(page, components) -> bool:
    """Does a live routable page answer this rest of the path itself?"""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    if model is None or not issubclass(model, RoutablePageMixin) or not page.live:
        return False
    try:
        model.get_resolver().resolve("/" + "".join(f"{c}/" for c in components))
    except Http404:
        return False
    return True


class RouteInOneQueryMixin:
    """For the site root page: find the page for a path in one query."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{c}/" for c in path_components[:n])
            for n in range(1, len(path_components) + 1)
        ]
        found = {page.url_path: page for page in Page.objects.filter(url_path__in=prefixes)}
        trail = [self]
        for depth, prefix in enumerate(prefixes, start=1):
            parent, page = trail[-1], found.get(prefix)
            if (
                page is None
                or page.depth != parent.depth + 1
                or not page.path.startswith(parent.path)
            ):
                break
            if _own_address(parent, path_components[depth - 1 :]):
                break
            page._cached_parent_obj = parent  # treebeard's get_parent() reads this
            trail.append(page)
        if len(trail) == 1:
            return super().route(request, path_components)
        request.page_trail = trail[:-1]
        return trail[-1].specific.route(request, path_components[len(trail) - 1 :])


def page_trail(request, page) -> list | None:
    """The pages above `page` from the site root, if routing this request found them."""
    trail = getattr(request, "page_trail", None)
    if not trail or getattr(page, "pk", None) is None:
        return None
    last = trail[-1]
    if page.depth == last.depth + 1 and page.path.startswith(last.path):
        return trail
    return None
