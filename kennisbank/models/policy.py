"""Policy documents with legal versions (see docs/adr/0003-versioned-policy-documents.md).

A version's status (in force, announced, vervallen) is derived from its dates by the pure
functions below; nothing about it is typed by hand. The page loads its versions once and
works on that list, so rendering costs the same number of queries for 3 or 30 versions.
"""

import datetime
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from integriteitsplein.listing import ListedPage
from integriteitsplein.models import OpenWithoutLoginMixin
from kennisbank.blocks import ArticleStreamBlock, stream_plain_text
from kennisbank.constants import AdoptedBy, PolicyKind, VersionStatus
from kennisbank.panels import VersionsInlinePanel
from kennisbank.validators import validate_plausible_date
from kennisbank.widgets import NativeDateInput

# --- Rules about versions (pure functions on anything with the three dates) ------------


def _sort_key(version):
    return (version.in_force_from, version.adopted_on, version.pk or 0)


def sorted_versions(versions: Iterable) -> list:
    """Versions in legal order: by the date they came (or come) into force."""
    return sorted(versions, key=_sort_key)


def version_in_force(versions: Iterable, on: datetime.date):
    """The version in force on a date: the last one whose in-force date has come.

    None when the date lies before the first version.
    """
    started = [v for v in versions if v.in_force_from <= on]
    return max(started, key=_sort_key, default=None)


def version_status(version, versions: Sequence, on: datetime.date) -> VersionStatus:
    """In force, announced (adopted, not yet in force) or vervallen (replaced), on a date."""
    if version.adopted_on > on:
        return VersionStatus.NOT_YET_ADOPTED
    if version.in_force_from > on:
        return VersionStatus.ANNOUNCED
    current = version_in_force(versions, on)
    if current is version or (current is not None and current.pk and current.pk == version.pk):
        return VersionStatus.IN_FORCE
    return VersionStatus.SUPERSEDED


def version_end(version, versions: Iterable) -> datetime.date | None:
    """The day the next version came (or comes) into force: until then this one applies."""
    later = [v.in_force_from for v in versions if v.in_force_from > version.in_force_from]
    return min(later, default=None)


def announced_versions(versions: Iterable, on: datetime.date) -> list:
    """Versions adopted on or before a date that come into force after it."""
    return sorted_versions(v for v in versions if v.adopted_on <= on < v.in_force_from)


class PolicyVersionQuerySet(models.QuerySet):
    def in_force_on(self, on: datetime.date):
        """The version in force on a date per the same rule, as a query (None if none)."""
        return (
            self.filter(in_force_from__lte=on).order_by("-in_force_from", "-adopted_on", "-pk")
        ).first()

    def announced_on(self, on: datetime.date):
        return self.filter(adopted_on__lte=on, in_force_from__gt=on).order_by("in_force_from")

    def superseded_on(self, on: datetime.date):
        current = self.in_force_on(on)
        started = self.filter(in_force_from__lte=on)
        return started.exclude(pk=current.pk) if current else started.none()


# --- Article text and comparison -------------------------------------------------------


@dataclass
class Article:
    key: str  # normalised number, matches the same article in two versions
    label: str  # "Artikel 3"
    heading: str  # "Artikel 3 Geschenken"
    text: str


def articles_of(version) -> list[Article]:
    """The numbered articles of a version, as plain text (headings and paragraphs left out)."""
    return [
        Article(
            key=b.value.key, label=b.value.label, heading=b.value.heading, text=b.value.plain_text()
        )
        for b in version.articles
        if b.block_type == "article"
    ]


def version_text(version) -> str:
    """All text of a version, headings included, for the search index."""
    return stream_plain_text(version.articles)


@dataclass
class ArticleComparison:
    label: str
    heading: str
    change: str  # "unchanged", "changed", "added", "removed"
    segments: list[tuple[str, str]] = field(default_factory=list)  # (op, text)

    @property
    def change_label(self) -> str:
        return {
            "unchanged": "Niet veranderd",
            "changed": "Veranderd",
            "added": "Nieuw artikel",
            "removed": "Artikel vervallen",
        }[self.change]


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level difference as segments: ("equal"|"delete"|"insert", text)."""
    a, b = old.split(), new.split()
    segments = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", " ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            segments.append(("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", " ".join(b[j1:j2])))
    return segments


def compare_versions(old, new) -> list[ArticleComparison]:
    """Compare two versions article by article, matching articles on their number.

    Text is compared word by word, so a changed comma does not mark a whole article.
    """
    old_articles, new_articles = articles_of(old), articles_of(new)
    matcher = difflib.SequenceMatcher(
        None, [a.key for a in old_articles], [a.key for a in new_articles], autojunk=False
    )
    result = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(old_articles[i1:i2], new_articles[j1:j2], strict=True):
                segments = diff_words(a.text, b.text)
                changed = any(s[0] != "equal" for s in segments)
                change = "changed" if changed else "unchanged"
                result.append(ArticleComparison(b.label, b.heading, change, segments))
            continue
        for a in old_articles[i1:i2]:
            result.append(ArticleComparison(a.label, a.heading, "removed", [("delete", a.text)]))
        for b in new_articles[j1:j2]:
            result.append(ArticleComparison(b.label, b.heading, "added", [("insert", b.text)]))
    return result


# --- Models ----------------------------------------------------------------------------

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BAD_DATE_MESSAGE = (
    "Dat is geen geldige datum. Schrijf de datum als jaar-maand-dag, "
    "bijvoorbeeld 2022-03-01. Hieronder staat de versie die nu geldt."
)


def parse_date(value: str) -> datetime.date | None:
    if not DATE_PATTERN.match(value or ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


NEW_VERSION_LABEL = "concept nieuwe versie"


def new_version_initial(latest) -> dict:
    """What "Voeg versie toe" starts with: the latest version's articles and summary of
    changes, marked as a draft, so the comparison with it shows only what an editor really
    changes (no article typed again, no typo shown as a change). The dates, the label and
    the signed PDF belong to the new version and are left for the editor."""
    summary = latest.summary_of_changes.strip()
    marker = f"Concept op basis van versie {latest.label}. Schrijf hier wat er verandert."
    return {
        "label": NEW_VERSION_LABEL,
        "adopted_by": latest.adopted_by,
        "summary_of_changes": f"{marker}\n\n{summary}" if summary else marker,
        "articles": latest.articles,
    }


class PolicyDocumentPageForm(WagtailAdminPageForm):
    """Checks across the inline versions: each its own address and its own in-force date.
    A version added in the form starts as a copy of the latest one (`new_version_initial`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("versions")
        latest = sorted_versions(self.instance.versions.all()) if self.instance else []
        if formset is None or not latest:
            return
        initial = new_version_initial(latest[-1])
        get_form_kwargs = formset.get_form_kwargs

        def with_copy(index):
            kwargs = get_form_kwargs(index)
            if index is None:  # the template "Voeg versie toe" clones in the browser
                kwargs["initial"] = {**kwargs.get("initial", {}), **initial}
            return kwargs

        formset.get_form_kwargs = with_copy

    def is_valid(self):
        # The inline formsets are validated after the page form's clean(), so check here.
        valid = super().is_valid()
        formset = self.formsets.get("versions")
        if not valid or formset is None:
            return valid
        by_slug, by_date = {}, {}
        for form in formset.forms:
            data = form.cleaned_data
            if data.get("DELETE") or not data.get("label"):
                continue
            label, key = data["label"], slugify(data["label"])
            if key in by_slug:
                other = by_slug[key]
                form.add_error(
                    "label",
                    f"Versie ‘{other}’ heeft al dit label. Geef elke versie een eigen label."
                    if other == label
                    else f"Dit label geeft hetzelfde adres (versies/{key}/) als versie "
                    f"‘{other}’. Kies een ander label.",
                )
                valid = False
            by_slug.setdefault(key, label)
            start = data.get("in_force_from")
            if start and start in by_date:
                form.add_error(
                    "in_force_from",
                    f"Versie ‘{by_date[start]}’ gaat ook op {date_format(start)} in werking. "
                    "Twee versies kunnen niet op dezelfde dag ingaan: kies een andere datum.",
                )
                valid = False
            if start:
                by_date.setdefault(start, label)
        return valid


LABEL_MESSAGE = (
    "Gebruik alleen letters, cijfers, spaties en streepjes, bijvoorbeeld ‘2019’ of "
    "‘herziening 2025’. Het label wordt deel van het adres van de versie."
)


class PolicyVersion(Orderable):
    """One legal version of a policy document: adopted on a date, in force from a date."""

    page = ParentalKey(
        "kennisbank.PolicyDocumentPage", on_delete=models.CASCADE, related_name="versions"
    )
    label = models.CharField(
        "label",
        max_length=50,
        help_text="Kort en uniek, bijvoorbeeld het jaar: ‘2019’. Het wordt deel van het adres.",
        # Letters (accents too), digits, spaces, hyphens: what slugify keeps, so the address
        # (versies/<label>/) reads like the label. A "/" or "." would silently disappear.
        validators=[RegexValidator(r"^[\w\- ]*\w[\w\- ]*$", LABEL_MESSAGE)],
    )
    adopted_by = models.CharField("vastgesteld door", max_length=20, choices=AdoptedBy.choices)
    adopted_on = models.DateField(
        "vastgesteld op",
        validators=[validate_plausible_date],
        help_text="Ligt deze datum in de toekomst? Dan zien lezers de versie pas vanaf die dag.",
    )
    in_force_from = models.DateField(
        "in werking vanaf",
        validators=[validate_plausible_date],
        help_text="Vanaf deze dag geldt de versie. Daarvoor is ze aangekondigd.",
    )
    summary_of_changes = models.TextField(
        "wat is er veranderd?",
        blank=True,
        help_text="In gewone taal: wat is anders dan in de vorige versie?",
    )
    articles = StreamField(
        ArticleStreamBlock(),
        verbose_name="artikelen",
        help_text="De tekst van deze versie: genummerde artikelen, eventueel met tussenkoppen.",
    )
    signed_document = models.ForeignKey(
        "kennisbank.CustomDocument",
        verbose_name="getekende versie (pdf)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PolicyVersionQuerySet.as_manager()

    panels = [
        # The label is the version's address: required for a draft too (a preview links to it).
        FieldRowPanel([FieldPanel("label", required_on_save=True), FieldPanel("adopted_by")]),
        FieldRowPanel(
            [
                FieldPanel("adopted_on", widget=NativeDateInput),
                FieldPanel("in_force_from", widget=NativeDateInput),
            ]
        ),
        FieldPanel("summary_of_changes"),
        FieldPanel("articles"),
        FieldPanel("signed_document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "versie"
        verbose_name_plural = "versies"

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.label and self.label.strip() and not self.slug:
            # "ß", "Ω" or "日本" pass the pattern above, but slugify keeps none of it: the
            # version would have no address and the versions page could not link it.
            raise ValidationError(
                {
                    "label": "Dit label geeft geen adres: gebruik ook letters a-z of cijfers "
                    "0-9, bijvoorbeeld ‘2019’ of ‘herziening 2025’."
                }
            )
        if self.adopted_on and self.in_force_from and self.in_force_from < self.adopted_on:
            raise ValidationError(
                {
                    "in_force_from": "Een versie gaat pas in werking op of na de dag dat ze is "
                    "vastgesteld. Kies een latere datum, of pas de datum van vaststelling aan."
                }
            )

    @property
    def slug(self) -> str:
        return slugify(self.label)

    @property
    def article_heading_level(self) -> int:
        """Articles sit one level below the version's own headings, if it has any."""
        return 4 if any(block.block_type == "heading" for block in self.articles) else 3


class PolicyDocumentPageQuerySet(PageQuerySet):
    def overdue_for_review(self, today: datetime.date):
        """Documents whose review date lies before today, the most overdue first."""
        return self.filter(review_date__lt=today).order_by("review_date", "title")


PolicyDocumentPageManager = PageManager.from_queryset(PolicyDocumentPageQuerySet)


class PolicyDocumentPage(ListedPage, OpenWithoutLoginMixin, RoutablePageMixin, Page):
    """A gedragscode, regeling, protocol, beleidsplan or nota with its legal versions."""

    kind = models.CharField("soort", max_length=20, choices=PolicyKind.choices)
    summary = models.TextField(
        "in het kort",
        help_text="Twee of drie zinnen in gewone taal: wat regelt dit en voor wie?",
    )
    document_owner = models.CharField(
        "eigenaar",
        max_length=120,
        help_text="Wie houdt dit document bij? Bijvoorbeeld ‘integriteitscoördinator’.",
    )
    review_date = models.DateField(
        "herzien uiterlijk op",
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text="Na deze datum staat het document in het overzicht ‘Herziening nodig’.",
    )

    objects = PolicyDocumentPageManager()

    base_form_class = PolicyDocumentPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("document_owner"), FieldPanel("review_date", widget=NativeDateInput)],
            heading="Beheer",
        ),
        VersionsInlinePanel("versions", heading="Versies", label="versie", min_num=1),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("open_without_login")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("text_in_force"),
        # Announced and earlier versions are found too: the search page says which version
        # a result is about, and shows earlier ones only when asked (search/service.py).
        index.SearchField("text_other_versions"),
        index.FilterField("kind"),
    ]

    page_description = "Een gedragscode, regeling, protocol, plan of nota, met al zijn versies."
    parent_page_types = ["home.HomePage", "kennisbank.ThemePage"]
    subpage_types = []

    class Meta:
        verbose_name = "beleidsdocument"
        verbose_name_plural = "beleidsdocumenten"

    @property
    def listing_text(self) -> str:
        return self.summary

    @property
    def type_label(self) -> str:
        return self.get_kind_display()

    @classmethod
    def type_labels(cls, pks) -> dict[int, str]:
        """ "Gedragscode", "Regeling", "Protocol" …: the kind of each document."""
        labels = dict(PolicyKind.choices)
        rows = cls.objects.filter(pk__in=list(pks)).values_list("pk", "kind")
        return {pk: str(labels.get(kind, kind)) for pk, kind in rows}

    def listing_date(self):
        """Since when the version in force applies (its own date, not the last edit)."""
        version = self.version_on(timezone.localdate())
        if version is not None:
            return "In werking sinds", version.in_force_from
        return super().listing_date()

    # --- versions, loaded once per request ---

    @cached_property
    def all_versions(self) -> list[PolicyVersion]:
        return sorted_versions(self.versions.select_related("signed_document"))

    def versions_known_on(self, today: datetime.date) -> list[PolicyVersion]:
        """The versions readers may see: adopted on or before today.

        A version with a future adoption date is a plan, not a rule: it shows from that day on.
        """
        return [v for v in self.all_versions if v.adopted_on <= today]

    def version_on(self, on: datetime.date) -> PolicyVersion | None:
        return version_in_force(self.all_versions, on)

    def version_by_slug(self, slug: str, versions=None) -> PolicyVersion | None:
        slug = slug.lower()
        versions = self.all_versions if versions is None else versions
        return next((v for v in versions if v.slug == slug), None)

    def versions_with_status(self, on: datetime.date) -> list[tuple[PolicyVersion, str]]:
        versions = self.versions_known_on(on)
        return [(v, version_status(v, versions, on)) for v in versions]

    def text_in_force(self) -> str:
        version = self.version_on(timezone.localdate())
        return version_text(version) if version else ""

    def text_other_versions(self) -> str:
        """The text of the versions readers see that are not in force today."""
        today = timezone.localdate()
        current = self.version_on(today)
        return " ".join(version_text(v) for v in self.versions_known_on(today) if v is not current)

    def is_review_overdue(self, today: datetime.date | None = None) -> bool:
        return bool(self.review_date and self.review_date < (today or timezone.localdate()))

    # --- views ---

    def _version_context(self, versions, version, today, on=None):
        status = version_status(version, versions, today) if version else None
        return {
            "version": version,
            "version_status": status,
            "version_until": version_end(version, versions) if version else None,
            "today": today,
            "on_date": on,
            "on_date_is_past": on is not None and on < today,
            "current_version": version_in_force(versions, today),
            "announced": announced_versions(versions, today),
            "first_version": versions[0] if versions else None,
        }

    @path("")
    def current(self, request):
        today = timezone.localdate()
        versions = self.versions_known_on(today)
        raw = request.GET.get("op")
        if raw is None or raw == "":
            return self.render(
                request,
                context_overrides=self._version_context(
                    versions, version_in_force(versions, today), today
                ),
            )
        on = parse_date(raw)
        if on is None:
            context = self._version_context(versions, version_in_force(versions, today), today)
            context["date_error"] = BAD_DATE_MESSAGE
            response = self.render(request, context_overrides=context)
            response.status_code = 400
            return response
        return self.render(
            request,
            context_overrides=self._version_context(
                versions, version_in_force(versions, on), today, on
            ),
        )

    def _versions_page(self, request, today, compare_error=None, chosen=(None, None), unknown=()):
        versions = self.versions_known_on(today)
        # The choice the reader made stays selected after an error; else the last two.
        chosen_old, chosen_new = (self.version_by_slug(slug or "", versions) for slug in chosen)
        context = {
            # Until: the day the next version readers can see took over (or takes over).
            "versions": [
                (v, version_status(v, versions, today), version_end(v, versions)) for v in versions
            ],
            "today": today,
            "compare_error": compare_error,
            "unknown_versions": unknown,
            "chosen_old": chosen_old or (versions[-2] if len(versions) > 1 else None),
            "chosen_new": chosen_new or (versions[-1] if versions else None),
        }
        response = self.render(
            request,
            template="kennisbank/policy_document_versions.html",
            context_overrides=context,
        )
        response.status_code = 404 if unknown else 400 if compare_error else 200
        return response

    def _compare_redirect(self, request, old, new):
        return redirect(
            self.get_url(request) + self.reverse_subpage("compare", args=(old.slug, new.slug))
        )

    @path("versies/")
    def version_list(self, request):
        today = timezone.localdate()
        a, b = request.GET.get("a"), request.GET.get("b")
        if a is None and b is None:
            return self._versions_page(request, today)
        versions = self.versions_known_on(today)
        old = self.version_by_slug(a or "", versions)
        new = self.version_by_slug(b or "", versions)
        if old is None or new is None or old is new:
            return self._versions_page(
                request, today, "Kies twee verschillende versies om te vergelijken.", (a, b)
            )
        return self._compare_redirect(request, *sorted_versions([old, new]))

    @path("versies/<slug:label>/", name="version")
    def version_detail(self, request, label):
        today = timezone.localdate()
        versions = self.versions_known_on(today)
        version = self.version_by_slug(label, versions)
        if version is None:
            # Not the site's bare 404: the reader sees which versions there are.
            return self._versions_page(request, today, unknown=[label])
        context = self._version_context(versions, version, today)
        context["permanent"] = True
        return self.render(request, context_overrides=context)

    @path("vergelijk/<slug:a>/<slug:b>/", name="compare")
    def compare(self, request, a, b):
        today = timezone.localdate()
        versions = self.versions_known_on(today)
        old, new = self.version_by_slug(a, versions), self.version_by_slug(b, versions)
        if old is None or new is None:
            unknown = [slug for slug, v in ((a, old), (b, new)) if v is None]
            return self._versions_page(request, today, unknown=list(dict.fromkeys(unknown)))
        if old is new:
            return self._versions_page(
                request, today, "Kies twee verschillende versies om te vergelijken.", (a, b)
            )
        if _sort_key(old) > _sort_key(new):
            # One address per pair: the older version always comes first.
            return self._compare_redirect(request, new, old)
        return self.render(
            request,
            template="kennisbank/policy_document_compare.html",
            context_overrides={
                "old": old,
                "new": new,
                "comparison": compare_versions(old, new),
                "versions": versions,
            },
        )
