"""Admin panels of the kennisbank."""

import functools

from wagtail.admin.panels import InlinePanel


class VersionsInlinePanel(InlinePanel):
    """The versions of a policy document. Wagtail's revision compare shows their articles
    as the public compare page does, and a new version against the one before it
    (kennisbank/approval.py)."""

    class BoundPanel(InlinePanel.BoundPanel):
        def get_comparison(self):
            from kennisbank.approval import VersionsComparison

            comparisons = super().get_comparison()
            return [
                functools.partial(VersionsComparison, *c.args, **c.keywords)
                if isinstance(c, functools.partial)
                else c
                for c in comparisons
            ]
