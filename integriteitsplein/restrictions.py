"""Which pages everyone may see in a list: all but the subtrees under a view restriction.

Wagtail's `PageQuerySet.public()` reads every view restriction each time it is called; the
home page called it twice a render (its news and its agenda). Restrictions change only when
an editor changes one, and that raises the page cache's generation, so their paths are kept
per process and generation (sitememo.py): a list of public pages costs no query for them.
A restricted page is left out whoever reads the list, as `public()` does: its title and
intro must not show to readers who may not open it.
"""

from django.db.models import Q

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from integriteitsplein import sitememo


def restricted_paths(request) -> tuple[str, ...]:
    """The paths of the pages with a view restriction of any kind."""
    return sitememo.memo(
        request,
        "restricted-paths",
        lambda: tuple(
            sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        ),
    )


class PublicPageQuerySet(PageQuerySet):
    def public_for(self, request):
        """`public()`, with the restrictions read once per change of the site (the request
        carries the generation); the same pages."""
        hidden = Q()
        for path in restricted_paths(request):
            hidden |= Q(path__startswith=path)
        return self.exclude(hidden) if hidden else self
