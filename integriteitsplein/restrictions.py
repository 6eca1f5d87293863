"""Which pages everyone may see in a list: all but the subtrees under a view restriction.

Wagtail's `PageQuerySet.public()` reads every view restriction each time it is called; the
home page called it twice a render (its news and its agenda). Restrictions change only when
an editor changes one, and that raises the page cache's generation, so they are kept per
process and generation (sitememo.py), once for search (which decides per visitor which it
passes) and the lists of public pages: a list costs no query for them.
A restricted page is left out whoever reads the list, as `public()` does: its title and
intro must not show to readers who may not open it.
"""

from django.db.models import Q

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from integriteitsplein import sitememo


def page_restrictions(request) -> list[tuple]:
    """(restriction, page path, its group ids) of every page view restriction, read once per
    change of the site; search decides per visitor which of them they pass."""

    def compute():
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        return [(r, r.page.path, frozenset(g.pk for g in r.groups.all())) for r in restrictions]

    return sitememo.memo(request, "page-restrictions", compute)


class PublicPageQuerySet(PageQuerySet):
    def public_for(self, request=None):
        """`public()`, with the restrictions read once per change of the site (the request
        carries the generation); the same pages. Without a request, Wagtail's `public()`."""
        if request is None:
            return self.public()
        hidden = Q()
        for path in {path for _restriction, path, _groups in page_restrictions(request)}:
            hidden |= Q(path__startswith=path)
        return self.exclude(hidden) if hidden else self
