"""What the Coördinator approves in a policy document: the changes in its versions, word by word.

Wagtail keeps the page's draft in a revision and the live versions in the database, so the
draft's versions are compared with the live ones: an edited version with its live self, a
new version with the latest live version it replaces (a new version starts as a copy of
it, see `new_version_initial`). The comparison is the public compare page's
(`compare_versions`), shown on the coordinator's page "Wijzigingen ter goedkeuring", linked
from the page's status panel and used by Wagtail's own revision compare for the versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from wagtail.admin.compare import ChildObjectComparison, ChildRelationComparison, FieldComparison

from kennisbank.models.policy import (
    ArticleComparison,
    compare_versions,
    sorted_versions,
    version_text,
)


@dataclass
class VersionChange:
    old: object | None  # the live version (or, for a new one, the latest live version)
    new: object
    is_new: bool
    comparison: list[ArticleComparison]

    @property
    def changed_articles(self) -> int:
        return sum(1 for article in self.comparison if article.change != "unchanged")


def _same_text(a, b) -> bool:
    # Plain text, not the stored JSON: a revision and the database may write the same
    # rich text differently.
    return (
        version_text(a) == version_text(b)
        and a.summary_of_changes == b.summary_of_changes
        and (a.label, a.adopted_on, a.in_force_from) == (b.label, b.adopted_on, b.in_force_from)
    )


def version_changes(old_versions, new_versions) -> list[VersionChange]:
    """The versions of `new_versions` that are new or differ from their counterpart in
    `old_versions` (matched on id, else on the address), in legal order."""
    old_versions = sorted_versions(old_versions)
    by_pk = {v.pk: v for v in old_versions if v.pk}
    by_slug = {v.slug: v for v in old_versions}
    changes = []
    for new in sorted_versions(new_versions):
        old = by_pk.get(new.pk) if new.pk else None
        old = old or by_slug.get(new.slug)
        if old is not None:
            if not _same_text(old, new):
                changes.append(VersionChange(old, new, False, compare_versions(old, new)))
            continue
        earlier = [v for v in old_versions if v.in_force_from <= new.in_force_from]
        base = (earlier or old_versions or [None])[-1]
        comparison = compare_versions(base, new) if base is not None else []
        changes.append(VersionChange(base, new, True, comparison))
    return changes


def pending_version_changes(page) -> list[VersionChange]:
    """The changes in the versions that the latest draft of `page` would publish."""
    revision = page.get_latest_revision()
    if revision is None or (
        page.live_revision_id == revision.pk and not page.has_unpublished_changes
    ):
        return []
    draft = revision.as_object()
    live = list(page.versions.all()) if page.live else []
    return version_changes(live, draft.versions.all())


def render_comparison(comparison, id_prefix: str) -> str:
    return render_to_string(
        "kennisbank/includes/article_comparison.html",
        {"comparison": comparison, "id_prefix": id_prefix},
    )


# --- Wagtail's own compare view (page history: "Vergelijken") -------------------------


class ArticlesComparison(FieldComparison):
    """The articles of a version, compared as the public compare page does: per article
    number, word by word, with <ins>/<del> and hidden "toegevoegd:"/"verwijderd:"."""

    def __init__(self, field, obj_a, obj_b, base=None):
        super().__init__(field, obj_a, obj_b)
        self.obj_a, self.obj_b = obj_a, obj_b
        self.base = base  # for a new version: the version it was copied from

    def _pair(self):
        return (self.base if self.obj_a is self.obj_b else self.obj_a), self.obj_b

    def has_changed(self):
        old, new = self._pair()
        return old is None or version_text(old) != version_text(new)

    def htmlvalue(self, val):
        return self.htmldiff()

    def htmldiff(self):
        old, new = self._pair()
        if old is None:
            old = new
        comparison = compare_versions(old, new)
        return mark_safe(render_comparison(comparison, f"wagtail-{new.pk or 'nieuw'}"))  # noqa: S308


class VersionObjectComparison(ChildObjectComparison):
    def __init__(self, model, field_comparisons, obj_a, obj_b, base=None):
        super().__init__(model, field_comparisons, obj_a, obj_b)
        self.base = base

    def get_field_comparisons(self):
        comparisons = super().get_field_comparisons()
        obj_a = self.obj_a or self.obj_b  # Wagtail compares an added object with itself
        obj_b = self.obj_b or self.obj_a
        for index, comparison in enumerate(comparisons):
            if comparison.field.name == "articles":
                comparisons[index] = ArticlesComparison(
                    comparison.field, obj_a, obj_b, base=self.base
                )
        return comparisons


class VersionsComparison(ChildRelationComparison):
    """Wagtail's comparison of the versions field, where a new version's articles are
    compared with the version before it, not shown as all new."""

    def get_child_comparison(self, obj_a, obj_b):
        base = None
        if obj_a is None and obj_b is not None:
            earlier = [
                v for v in self.val_a.all() if v.in_force_from <= obj_b.in_force_from
            ] or list(self.val_a.all())
            base = sorted_versions(earlier)[-1] if earlier else None
        return VersionObjectComparison(
            self.field.related_model, self.field_comparisons, obj_a, obj_b, base=base
        )
