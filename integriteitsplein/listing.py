"""What a page is called in lists: one place per page model (issue 15).

The search results, the cards of a theme page and the home page's updates all ask the page
itself for its type label, its date and its theme, through the protocol below. A list of
many pages asks the model in bulk (`type_labels`, `theme_ids`: one query per model at most,
none where the label is fixed), so it never loads a page per result.
"""

import datetime
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from django.utils import timezone


@runtime_checkable
class Listed(Protocol):
    type_label: str

    def listing_date(self) -> tuple[str, datetime.date | None]: ...


class ListedPage:
    """Defaults for a Wagtail page model: a fixed label, the last publication as its date,
    the theme it sits under (decided by the tree, see search/service.py)."""

    type_label = "Pagina"

    @classmethod
    def type_labels(cls, pks: Iterable[int]) -> dict[int, str]:
        """The label of each page (pk) of this model: the same for all, unless a model
        decides it per page (a policy document's kind, a training's form)."""
        return dict.fromkeys(pks, str(cls.type_label))

    @classmethod
    def theme_ids(cls, pks: Iterable[int]) -> dict[int, int]:
        """Pages of this model that name their theme themselves (news): pk -> theme pk.
        Other pages belong to the theme above them in the tree."""
        return {}

    def listing_date(self) -> tuple[str, datetime.date | None]:
        """(what the date means, the date): "Bijgewerkt" and the last publication."""
        published = getattr(self, "last_published_at", None)
        if published:
            return "Bijgewerkt", timezone.localtime(published).date()
        return "", None
