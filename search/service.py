"""One search over pages, contact persons and documents, for the page and the JSON.

`run_search()` answers in a bounded number of SQL queries whatever the number of matches:
one ranked query per kind of object (pages, contact persons, documents) returns a few
columns per match, never model instances (`ranked_rows()`); types, themes and document
references are then read in bulk; only the results on the page being shown are loaded in
full. When more pages match than the page shown needs, the database sums them up
instead (`ranked_summary`, docs/adr/0027): the best rows, the pages whose label, theme or
version is decided one by one, and a count per page type and parent for the rest.
Visibility is decided before searching: live, unexpired pages, minus every subtree
whose view restriction this visitor does not pass; documents in collections this visitor
may open, and not only used on pages hidden from them.
"""

from __future__ import annotations

import html
import itertools
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    Page,
    ReferenceIndex,
)
from wagtail.search.backends import get_search_backend

from modelsearch.query import And, Or, PlainText

from integriteitsplein import sitememo
from integriteitsplein.listing import ListedPage
from integriteitsplein.restrictions import page_restrictions
from search import spelling
from search.analysis import (
    QueryGroup,
    analyze,
    analyze_query,
    context_stems,
    fold,
    group_terms,
    is_stop_word,
    query_groups,
    query_words,
    stem,
    tokenize,
)

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
SNIPPET_LENGTH = 220
# The most matches one search holds per kind of object: bounds memory and time on any
# site; the counts say "meer dan" when it is reached.
MAX_RESULTS = 10_000
# Elasticsearch returns objects, not rows: ask it for fewer (its own window is 10,000).
MAX_OBJECT_RESULTS = 1_000
# How many of the best results the title rule below may reorder.
RERANK_DEPTH = 50
# A search with more matching pages than it shows is summed up in SQL (`_summary_outcome`):
# the best pages up to the page shown plus this many (room for results that the version
# rules or the promotions leave out, and for equal scores at the cut), and counts.
SUMMARY_MARGIN = 50
# Up to this many words, results with any of them are ranked by word rarity (one query per
# word and kind of object); a longer question uses one OR query.
MAX_WEIGHTED_WORDS = 6

# A page's type label, date and theme come from the page model itself
# (integriteitsplein/listing.py); these are for what is not a page.
CONTACT_LABEL = "Contactpersoon"
DOCUMENT_LABEL = "Document"


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


@lru_cache(maxsize=256)
def type_key(label: str) -> str:
    """The filter value of a type label: "E-learning" -> "e-learning" (a few labels, cached)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(label)).strip("-")


@dataclass(slots=True)
class Hit:
    kind: str  # "page", "contact" or "document"
    pk: int
    score: float
    type_label: str
    theme_id: int | None = None
    title: str = ""
    obj: object = None
    url: str = ""
    snippet: str = ""
    date: date | None = None
    used_on: list | tuple = ()  # no list per page found: most hits are pages
    theme: str | None = None
    date_label: str = ""
    by_role: bool = False
    file_info: str = ""  # "PDF, 120 kB" for a document
    # Found with only some of the words: which words it lacks (None: not worked out yet).
    partial: bool = False
    missing: list[str] | None = None
    # A policy document found by a version not in force today: that version, and whether it
    # is "announced" or "superseded" (VersionStatus values).
    version: object = None
    version_status: str = ""
    content_type_id: int | None = None
    # How many results this one stands for: a summed-up search (`_summary_outcome`)
    # counts the pages of one type under one parent as one hit of that weight.
    weight: int = 1
    # A page's searchable text (its snippet's source), once loaded.
    text: str = ""

    @property
    def type_key(self) -> str:
        return type_key(self.type_label)


@dataclass
class Facet:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchOutcome:
    query: str
    hits: list[Hit]
    page_obj: object
    type_facets: list[Facet]
    theme_facets: list[Facet]
    total: int
    # Set when nothing was found for `query` and these are the results for a correction.
    corrected_query: str = ""
    # True when a kind of object reached MAX_RESULTS: the total is a lower bound.
    capped: bool = False
    # How many results have every word; the others (fewer than a page) have some of them.
    with_all_words: int = 0


# --- visibility -------------------------------------------------------------------


def _passes(restriction, group_ids, request) -> bool:
    """Whether this visitor passes a view restriction; `group_ids` are the restriction's
    groups (read with it, once per generation)."""
    user = request.user
    if restriction.restriction_type == BaseViewRestriction.NONE:
        return True
    if restriction.restriction_type == BaseViewRestriction.LOGIN:
        return user.is_authenticated
    if restriction.restriction_type == BaseViewRestriction.GROUPS:
        if user.is_superuser:
            return True
        return bool(_user_group_ids(request) & group_ids)
    # A password restriction: open only once the visitor entered it in this session.
    return restriction.accept_request(request)


def _user_group_ids(request) -> set[int]:
    """The visitor's groups: read only when a restriction to groups exists."""
    if not request.user.is_authenticated:
        return set()
    if not hasattr(request, "_search_group_ids"):
        request._search_group_ids = set(request.user.groups.values_list("pk", flat=True))
    return request._search_group_ids


def _hidden_paths(request) -> list[str]:
    """Paths of the subtrees this visitor may not open; worked out once per request."""
    if not hasattr(request, "_search_hidden_paths"):
        request._search_hidden_paths = [
            path
            for restriction, path, group_ids in page_restrictions(request)
            if not _passes(restriction, group_ids, request)
        ]
    return request._search_hidden_paths


def _is_hidden(path: str, hidden_paths: list[str]) -> bool:
    return any(path.startswith(hidden) for hidden in hidden_paths)


def _hidden_pages(request) -> Q:
    """Subtrees this visitor may not open, as a filter."""
    hidden = Q()
    for path in _hidden_paths(request):
        hidden |= Q(path__startswith=path)
    return hidden


def _open_pages(request):
    """Live pages minus the subtrees this visitor may not open: only filters that every
    search backend can apply (Page's FilterFields), so this queryset can be searched."""
    queryset = Page.objects.live().filter(depth__gt=1)
    hidden = _hidden_pages(request)
    return queryset.exclude(hidden) if hidden else queryset


def visible_pages(request):
    """Pages this visitor may see: open to them, and not past an expiry date that
    `publish_scheduled` has not acted on yet (searches drop those rows themselves)."""
    return _open_pages(request).exclude(expire_at__lte=expiry_moment())


def expiry_moment():
    """The moment a search hides expired pages from: now, rounded up to the next whole
    minute, so a question asked again within the minute is the same statement and its rows
    can be kept (search/result_cache.py). A page leaves the results up to a minute before
    its expiry, never after it."""
    return timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)


def _hidden_collection_ids(request) -> set[int]:
    def compute():
        restrictions = CollectionViewRestriction.objects.select_related(
            "collection"
        ).prefetch_related("groups")
        return [
            (
                r,
                frozenset(
                    r.collection.get_descendants(inclusive=True).values_list("pk", flat=True)
                ),
                frozenset(g.pk for g in r.groups.all()),
            )
            for r in restrictions
        ]

    hidden: set[int] = set()
    for restriction, collection_ids, group_ids in sitememo.memo(
        request, "collection-restrictions", compute
    ):
        if not _passes(restriction, group_ids, request):
            hidden.update(collection_ids)
    return hidden


def published_persons(model):
    """Contact persons the site shows: published ones, where persons have a draft state."""
    queryset = model.objects.all()
    return queryset.live() if hasattr(queryset, "live") else queryset


def _published_persons(request, model) -> dict:
    """pk -> every published contact person (a few hundred at most: the organisation's
    vertrouwenspersonen, coordinators and advisers), read once per generation of the site;
    for the persons found by their role and the persons shown."""
    return sitememo.memo(
        request, "contact-persons", lambda: {p.pk: p for p in published_persons(model)}
    )


# --- ranking ----------------------------------------------------------------------


def ranked_rows(backend, query, queryset, fields, operator="and", prefix=False):
    """`(pk, *fields, score)` of the matches, best first, higher scores better.

    The Dutch database backends answer this in one SQL query of plain rows
    (search/backends/); another backend (Elasticsearch) returns objects, of which we take
    the best MAX_OBJECT_RESULTS and read the same columns.
    """
    if isinstance(query, str) and not prefix and not getattr(backend, "dutch_analysis", False):
        # Elasticsearch analyses the words itself, but the question words and the
        # Redactie's synonyms are applied here, in the query body.
        query = groups_query(query_groups(query), analysed=False, operator=operator)
        if query is None:
            return []
    if hasattr(backend, "ranked"):
        return backend.ranked(
            query, queryset, fields, operator=operator, limit=MAX_RESULTS, prefix=prefix
        )
    method = backend.autocomplete if prefix else backend.search
    results = method(query, queryset, operator=operator).annotate_score("_score")
    sign = 1 if getattr(backend, "best_score_first", True) else -1
    return [
        (obj.pk, *(getattr(obj, name) for name in fields), sign * float(obj._score or 0))
        for obj in results[:MAX_OBJECT_RESULTS]
    ]


def group_query(group: QueryGroup, analysed: bool):
    """One group as a query object: any of its alternatives. A Dutch database backend gets
    the stems (its index holds stems); another backend gets the words to analyse itself."""
    if analysed:
        options = [PlainText(" ".join(terms), operator="and") for terms in group.alternatives]
    else:
        options = [PlainText(text, operator="and") for text in group.phrases]
    return options[0] if len(options) == 1 else Or(options)


def groups_query(groups: list[QueryGroup], analysed: bool, operator: str = "and"):
    """All groups (AND) or any of them (OR) as one query object; None when there are none."""
    parts = [group_query(group, analysed) for group in groups]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator.lower() == "and" else Or(parts)


def _covered_groups(text: str, groups) -> int:
    """How many of the query's word groups occur in a short text (a title, a role) in any
    form, or a synonym."""
    return _covered(text_terms(text), groups)


@lru_cache(maxsize=20_000)
def _analyzed_title(title: str) -> tuple[str, ...]:
    return tuple(analyze(title))


def _title_key(title: str, groups) -> tuple[int, float]:
    """More of the words searched for in the title first; then the title that is most
    about them ("Gedragscode" before "Nieuwe gedragscode vanaf 1 januari 2027")."""
    terms = _analyzed_title(title)
    covered = _covered(text_terms(title), groups)
    return covered, covered / len(terms) if terms else 0.0


def _overrides(model, name: str) -> bool:
    own = getattr(getattr(model, name, None), "__func__", None)
    return own is not None and own is not getattr(ListedPage, name).__func__


def _page_type_facts(request, ct_id: int) -> tuple[str | None, dict, dict]:
    """(the label when it is the same for every page of the type, else None; labels by pk;
    theme ids by pk) of one page type, read once per generation of the site."""

    def compute():
        model = ContentType.objects.get_for_id(ct_id).model_class()  # cached by Django
        if model is None or not hasattr(model, "type_labels"):
            # A page type outside this project (none today): its own name.
            name = str(model._meta.verbose_name) if model else ListedPage.type_label
            return name[:1].upper() + name[1:], {}, {}
        own_labels, own_themes = _overrides(model, "type_labels"), _overrides(model, "theme_ids")
        pks = list(model.objects.values_list("pk", flat=True)) if own_labels or own_themes else []
        labels = model.type_labels(pks) if own_labels else {}
        themes = model.theme_ids(pks) if own_themes else {}
        return (None if own_labels else str(model.type_label)), labels, themes

    return sitememo.memo(request, f"page-type:{ct_id}", compute)


def _individual_page_types(request) -> set[int]:
    """Content types whose pages a summed-up search reads one by one: a type that labels
    or themes each page itself (policy documents, trainings, news), and themes (a theme is
    its own theme). Other pages are counted per type and parent (`ranked_summary`)."""

    def compute():
        theme_model = _model("kennisbank.ThemePage")
        models = [
            model
            for model in apps.get_models()
            if issubclass(model, Page)
            and (
                model is theme_model
                or _overrides(model, "type_labels")
                or _overrides(model, "theme_ids")
            )
        ]
        return {ct.pk for ct in ContentType.objects.get_for_models(*models).values()}

    return sitememo.memo(request, "individual-page-types", compute)


def _live_themes(request) -> list[tuple]:
    """(pk, path, title, expire_at) of every live theme, once per generation."""

    def compute():
        theme_model = _model("kennisbank.ThemePage")
        if theme_model is None:
            return []
        return list(
            Page.objects.live().type(theme_model).values_list("pk", "path", "title", "expire_at")
        )

    return sitememo.memo(request, "themes", compute)


def _document_references(request) -> tuple[dict[int, list[int]], dict[int, Page]]:
    """Document pk -> pks of the live pages that use it (Wagtail's reference index), and
    those pages (plain `Page` objects: path, expiry, title and address for "used on");
    once per generation of the site."""

    def compute():
        document_ct = ContentType.objects.get_for_model(get_document_model())
        page_ct = ContentType.objects.get_for_model(Page)
        rows = ReferenceIndex.objects.filter(
            to_content_type=document_ct, base_content_type=page_ct
        ).values_list("to_object_id", "object_id")
        references: dict[int, list[int]] = {}
        for to_id, page_id in rows:
            ids = references.setdefault(int(to_id), [])
            if int(page_id) not in ids:
                ids.append(int(page_id))
        page_ids = {pk for ids in references.values() for pk in ids}
        pages = Page.objects.live().filter(pk__in=page_ids, depth__gt=1)
        return references, {page.pk: page for page in pages}

    return sitememo.memo(request, "document-references", compute)


def _document_pages_expiring(request) -> bool:
    """Whether any page using a document has an expiry date, once per generation."""
    return sitememo.memo(
        request,
        "document-pages-expiring",
        lambda: any(page.expire_at for page in _document_references(request)[1].values()),
    )


def _unexpired(rows) -> list[tuple]:
    """Rows of `Searcher.PAGE_FIELDS` without the pages past their expiry date (that
    `publish_scheduled` has not unpublished yet)."""
    now = timezone.now()
    return [row for row in rows if row[-2] is None or row[-2] > now]


# --- the search -------------------------------------------------------------------


class Searcher:
    def __init__(self, request, query: str):
        self.request = request
        self.query = query
        self.backend = get_search_backend()
        self.query_groups = query_groups(query)
        self.groups = [group.alternatives for group in self.query_groups]
        # The groups of the words that say what the question is about (see _reorder).
        context = context_stems()
        self.topic_groups = [g for g in self.groups if g[0][0] not in context] or self.groups
        self.terms = group_terms(self.groups)  # `query_terms`, without analysing again
        self.capped = False
        self.with_all_words = 0

    def analysed(self, operator: str = "and"):
        """The question as the backend is asked it: for a Dutch database backend the query
        object of the groups analysed once here (the string would be analysed again for
        every statement, each time reading the synonym list from the cache); for another
        backend, or when nothing searchable is left, the string itself."""
        if getattr(self.backend, "dutch_analysis", False):
            query = groups_query(self.query_groups, analysed=True, operator=operator)
            if query is not None:
                return query
        return self.query

    def _rows(self, query, queryset, fields, operator, prefix=False):
        rows = ranked_rows(self.backend, query, queryset, fields, operator, prefix)
        if len(rows) >= MAX_RESULTS:
            self.capped = True
        return rows

    # Pages --------------------------------------------------------------------

    PAGE_FIELDS = ("content_type_id", "path", "title", "expire_at")

    def page_rows(self, query: str, operator: str, prefix: bool = False) -> list[tuple]:
        """(pk, content type, path, title, expire_at, score) of the visible pages that
        match."""
        rows = self._rows(query, _open_pages(self.request), self.PAGE_FIELDS, operator, prefix)
        return _unexpired(rows)

    def page_hits(self, operator: str, prefix: bool = False) -> list[Hit]:
        query = self.query if prefix else self.analysed(operator)
        return self.page_hits_from(self.page_rows(query, operator, prefix))

    def page_hits_from(self, rows) -> list[Hit]:
        """Hits for rows of pages: each model names its pages' type and, for news, their
        theme (`ListedPage.type_labels`, `theme_ids`), read once per generation of the site
        (integriteitsplein/sitememo.py), so a search costs no query for them."""
        hits = []
        facts: dict[int, tuple] = {}
        by_path = self._theme_paths[0]
        below: dict[str, int | None] = {}  # a parent's path -> the theme of its children
        default_label = ListedPage.type_label
        for pk, ct_id, path, title, _expire_at, score in rows:
            fact = facts.get(ct_id)
            if fact is None:
                fact = facts[ct_id] = _page_type_facts(self.request, ct_id)
            fixed, labels, themes = fact
            label = fixed or labels.get(pk, default_label)
            # The deepest visible theme at or above the page: the page itself, or what its
            # siblings have (one lookup per parent, not per page; Wagtail's steplen is 4).
            theme_id = by_path.get(path)
            if theme_id is None:
                parent = path[:-4]
                if parent in below:
                    theme_id = below[parent]
                else:
                    theme_id = below[parent] = self.theme_for_path(parent)
            theme_id = theme_id or themes.get(pk)
            hit = Hit("page", pk, score, label, theme_id, title)
            hit.content_type_id = ct_id
            hits.append(hit)
        return hits

    # Themes -------------------------------------------------------------------

    @cached_property
    def themes(self) -> dict[int, tuple[str, str]]:
        """Live themes this visitor may see: pk -> (path, title)."""
        hidden = _hidden_paths(self.request)
        now = timezone.now()
        return {
            pk: (path, title)
            for pk, path, title, expire_at in _live_themes(self.request)
            if (expire_at is None or expire_at > now) and not _is_hidden(path, hidden)
        }

    @cached_property
    def _theme_paths(self) -> tuple[dict[str, int], list[int]]:
        by_path = {path: pk for pk, (path, _title) in self.themes.items()}
        return by_path, sorted({len(path) for path in by_path}, reverse=True)

    def theme_for_path(self, path: str) -> int | None:
        """The deepest visible theme above (or at) a page: one dict lookup per theme depth."""
        by_path, lengths = self._theme_paths
        for length in lengths:
            pk = by_path.get(path[:length])
            if pk is not None:
                return pk
        return None

    # Contact persons ----------------------------------------------------------

    def contact_hits_from(self, rows) -> list[Hit]:
        """Contact persons found, plus everyone whose role is what was searched for."""
        model = _model("kennisbank.ContactPerson")
        if model is None:
            return []
        hits = {
            pk: Hit("contact", pk, score, CONTACT_LABEL, title=name) for pk, name, score in rows
        }
        roles = self.matching_roles(model)
        if roles:
            persons = _published_persons(self.request, model).values()
            for pk, name in ((p.pk, p.name) for p in persons if p.role in roles):
                hit = hits.setdefault(pk, Hit("contact", pk, 0.0, CONTACT_LABEL, title=name))
                hit.by_role = True
        return list(hits.values())

    def matching_roles(self, model) -> list[str]:
        """Roles whose label holds every word searched for (or a synonym of it):
        "vertrouwenspersoon", "VP", "pesten" (ongewenst gedrag)."""
        roles = []
        for value, label in model._meta.get_field("role").choices or []:
            if self.groups and _covered_groups(str(label), self.groups) == len(self.groups):
                roles.append(value)
        return roles

    # Documents ----------------------------------------------------------------

    @cached_property
    def hidden_collection_ids(self) -> set[int]:
        return _hidden_collection_ids(self.request)

    @cached_property
    def _visible_document_pages(self):
        """Pks of the pages using a document that this visitor may see: all of them when
        nothing is hidden from them and none has an expiry date (nearly always; then no
        set of thousands is built per request), else worked out once per request."""
        _references, pages = _document_references(self.request)
        hidden = _hidden_paths(self.request)
        if not hidden and not _document_pages_expiring(self.request):
            return pages.keys()
        now = timezone.now()
        return {
            pk
            for pk, page in pages.items()
            if (page.expire_at is None or page.expire_at > now)
            and not _is_hidden(page.path, hidden)
        }

    def document_hits_from(self, rows) -> list[Hit]:
        if not rows:
            return []
        references, _pages = _document_references(self.request)
        visible = self._visible_document_pages
        hits = []
        for pk, title, score in rows:
            used = references.get(pk, ())
            used_on = [page_id for page_id in used if page_id in visible]
            if used and not used_on:
                continue  # only used on pages this visitor may not see
            hits.append(Hit("document", pk, score, DOCUMENT_LABEL, title=title, used_on=used_on))
        return hits

    # All ----------------------------------------------------------------------

    def all_hits(
        self, prefix: bool = False, and_hits: list[Hit] | None = None, any_hits=None
    ) -> list[Hit]:
        """Results with all words (AND) first; when those are fewer than a page, results
        with any of the words (OR) after them; for suggestions, when there is nothing at
        all, titles starting with the words typed so far. Then two rules people expect
        of a site search reorder the best ones (`_reorder`). `and_hits`: the AND results
        when a summary (`summarize`) held them all already."""
        hits = self._all_hits("and") if and_hits is None else and_hits
        self.with_all_words = len(hits)
        if len(hits) < PAGE_SIZE and len(self.groups) > 1:
            seen = {(h.kind, h.pk) for h in hits}
            found = self._any_word_hits() if any_hits is None else any_hits
            more = [h for h in found if (h.kind, h.pk) not in seen]
            for hit in more:
                hit.partial = True
            hits += more
        if not hits and prefix:
            hits = self.page_hits("and", prefix=True)
        return self._reorder(hits)

    def _all_hits(self, operator: str) -> list[Hit]:
        query = self.analysed(operator)
        pages, contacts, documents = (kind[0] for kind in self._kind_rows([query], operator))
        hits = self.page_hits_from(pages) + self.contact_hits_from(contacts)
        hits += self.document_hits_from(documents)
        return self._sorted(hits)

    def _sources(self) -> list[tuple]:
        """(queryset or None, fields) of each kind of object: pages, contact persons,
        documents; each only what this visitor may find."""
        contact_model = _model("kennisbank.ContactPerson")
        documents = get_document_model().objects.all()
        if self.hidden_collection_ids:
            documents = documents.exclude(collection_id__in=self.hidden_collection_ids)
        return [
            (_open_pages(self.request), self.PAGE_FIELDS),
            (published_persons(contact_model), ("name",)) if contact_model else (None, ()),
            (documents, ("title",)),
        ]

    def _kind_rows(self, queries, operator: str) -> list[list[list[tuple]]]:
        """[pages, contact persons, documents], each a list of rows per query.

        A Dutch database backend answers every query of every kind in one SQL statement
        (`ranked_batch`, search/backends/base.py); another asks them one by one."""
        sources = self._sources()
        requests = [(query, qs, fields, operator) for qs, fields in sources for query in queries]
        rows = None
        if hasattr(self.backend, "ranked_batch"):
            rows = self.backend.ranked_batch(requests, limit=MAX_RESULTS)
        if rows is None:
            rows = [
                ranked_rows(self.backend, query, qs, fields, operator) if qs is not None else []
                for query, qs, fields, operator in requests
            ]
        if any(len(r) >= MAX_RESULTS for r in rows):
            self.capped = True
        size = len(queries)
        kinds = [rows[n * size : (n + 1) * size] for n in range(len(sources))]
        kinds[0] = [_unexpired(page_rows) for page_rows in kinds[0]]
        return kinds

    def _summary_options(self, top: int, apart: set[int]) -> dict:
        """What both summaries are asked with: the best rows wanted, the pages read one by
        one (types decided per page, promoted pages), the moment for expiry, the cap."""
        return {
            "top": top,
            "individual_types": sorted(_individual_page_types(self.request)),
            "individual_pks": sorted(apart),
            "now": expiry_moment(),
            "limit": MAX_RESULTS,
        }

    def summarize(self, top: int, apart: set[int]) -> dict | None:
        """The AND search summed up in SQL in one statement (`ranked_summary`,
        search/backends/base.py), or None on a backend without it (Elasticsearch).

        Adds to the backend's answer: `complete` (every matching page is among the `top`
        rows) and `hits`, the AND results as `_all_hits("and")` gives them when complete."""
        if not hasattr(self.backend, "ranked_summary"):
            return None
        (pages, page_fields), *others = self._sources()
        query = self.analysed()
        summary = self.backend.ranked_summary(
            (query, pages, page_fields, "and"),
            [(query, qs, fields, "and") for qs, fields in others],
            **self._summary_options(top, apart),
        )
        if summary is None:
            return None
        contacts, documents = summary["others"]
        if max(summary["matched"], len(contacts), len(documents)) >= MAX_RESULTS:
            self.capped = True
        pages_found = len(summary["individual"]) + sum(n for *_key, n in summary["groups"])
        summary["complete"] = pages_found <= len(summary["top"])
        summary["contacts"] = self.contact_hits_from(contacts)
        summary["documents"] = self.document_hits_from(documents)
        if summary["complete"]:
            pages_hits = self.page_hits_from(summary["top"])
            summary["hits"] = self._sorted(pages_hits + summary["contacts"] + summary["documents"])
        return summary

    def summarize_words(self, top: int, apart: set[int], and_hits: list[Hit]) -> dict | None:
        """The fallback (`_any_word_hits`) summed up in SQL in one statement
        (`ranked_words_summary`): the pages' scores are computed by the database, the
        contact persons' and documents' here from their rows, as `_any_word_hits` does.
        Pages found with every word (`and_hits`) are left out of the pages' rows.

        Returns `complete` and the hits: `top` (best pages), `individual`, `contacts`,
        `documents` (each with its missing words), `groups`; with `hits` (every result
        with some of the words, best first) when complete."""
        groups = self.query_groups
        backend = self.backend
        if not hasattr(backend, "ranked_words_summary"):
            return None
        if not 1 < len(groups) <= MAX_WEIGHTED_WORDS:
            return None
        (pages, page_fields), *others = self._sources()
        and_pages = sorted(h.pk for h in and_hits if h.kind == "page")
        summary = backend.ranked_words_summary(
            [group_query(group, True) for group in groups],
            (pages, page_fields, "and", and_pages),
            [(qs, fields, "and") for qs, fields in others],
            **self._summary_options(top, apart),
        )
        if summary is None:
            return None
        stats = summary["stats"]
        raw = [stats[f"raw{i}"] for i in range(len(groups))]
        other_rows = [rows for kind in summary["others"] for rows in kind]
        if max([*raw, *(len(rows) for rows in other_rows)]) >= MAX_RESULTS:
            self.capped = True
        missing_by_bits: dict[int, list[str]] = {}

        def missing(bits):
            if bits not in missing_by_bits:
                missing_by_bits[bits] = [g.text for i, g in enumerate(groups) if not bits >> i & 1]
            return missing_by_bits[bits]

        def page_hits(rows):
            hits = self.page_hits_from([row[:6] for row in rows])
            for hit, row in zip(hits, rows, strict=True):
                hit.missing = missing(row[6])
            return hits

        # Contact persons and documents: `_any_word_hits`' sum, word by word.
        combined: list[dict] = [{}, {}]
        for kind, rows_by_word in enumerate(summary["others"]):
            for index, rows in enumerate(rows_by_word):
                with_word = stats[f"with{index}"]
                if not with_word or not rows:
                    continue
                rarity = math.log(1 + stats["found"] / with_word)
                best = max(row[-1] for row in rows) or 1.0
                target = combined[kind]
                for row in rows:
                    entry = target.get(row[0])
                    if entry is None:
                        target[row[0]] = [row, rarity * row[-1] / best, 1 << index]
                    else:
                        entry[1] += rarity * row[-1] / best
                        entry[2] |= 1 << index
        contacts, documents = (
            [(*row[:-1], score) for row, score, _bits in kind.values()] for kind in combined
        )
        individual = page_hits(summary["individual"])
        by_pk = {hit.pk: hit for hit in individual}
        fresh = {h.pk: h for h in page_hits([r for r in summary["top"] if r[0] not in by_pk])}
        out = {
            "top": [by_pk.get(row[0]) or fresh[row[0]] for row in summary["top"]],
            "individual": individual,
            "groups": summary["groups"],
            "contacts": self.contact_hits_from(contacts),
            "documents": self.document_hits_from(documents),
        }
        for hit in out["contacts"] + out["documents"]:
            entry = combined[0 if hit.kind == "contact" else 1].get(hit.pk)
            if entry is not None:
                hit.missing = missing(entry[2])
        pages_found = len(summary["individual"]) + sum(n for *_key, n in summary["groups"])
        out["complete"] = pages_found <= len(summary["top"])
        if out["complete"]:
            out["hits"] = self._sorted(out["top"] + out["contacts"] + out["documents"])
        return out

    @staticmethod
    def _sorted(hits: list[Hit]) -> list[Hit]:
        order = {"page": 0, "contact": 1, "document": 2}
        return sorted(hits, key=lambda h: (-h.score, order[h.kind], h.pk))

    def _any_word_hits(self) -> list[Hit]:
        """Results with some of the words, ranked by how many and how rare they are.

        PostgreSQL's ts_rank knows no word rarity, so for "pesten op het werk" every page
        with "werk" would rank like the three about pesten. So each word (a group: the word
        and its synonyms) is searched on its own (one ranked query per word and kind of
        object) and a result's score is the sum, over the words it has, of its share of
        that word's best score times the word's rarity: log(1 + results / results with
        that word). Same on every backend. Each result knows the words it lacks (shown on
        the page). A longer question keeps the backend's own single OR query (a bounded
        cost); its results' missing words are worked out on the page shown (`load_hits`).
        """
        groups = self.query_groups
        if not 1 < len(groups) <= MAX_WEIGHTED_WORDS:
            return self._all_hits("or")
        per_word = self._rows_per_word(groups)
        # Each object is in a word's rows at most once: counts without building (kind, pk)s.
        found = sum(len({row[0] for rows in per_word for row in rows[kind]}) for kind in range(3))
        # Per kind: pk -> [its row, score so far, the words it has as bits].
        combined: list[dict] = [{}, {}, {}]
        for index, rows_by_kind in enumerate(per_word):
            with_word = sum(len(rows) for rows in rows_by_kind)
            if not with_word:
                continue
            rarity = math.log(1 + found / with_word)
            bit = 1 << index
            for kind, rows in enumerate(rows_by_kind):
                best = max((row[-1] for row in rows), default=0) or 1.0
                target = combined[kind]
                for row in rows:
                    entry = target.get(row[0])
                    if entry is None:
                        target[row[0]] = [row, rarity * row[-1] / best, bit]
                    else:
                        entry[1] += rarity * row[-1] / best
                        entry[2] |= bit
        pages, contacts, documents = (
            [(*row[:-1], score) for row, score, _bits in kind_rows.values()]
            for kind_rows in combined
        )
        hits = self.page_hits_from(pages) + self.contact_hits_from(contacts)
        hits += self.document_hits_from(documents)
        kinds = {"page": 0, "contact": 1, "document": 2}
        missing_by_bits: dict[int, list[str]] = {}  # at most 2**6 combinations of words
        for hit in hits:
            entry = combined[kinds[hit.kind]].get(hit.pk)
            if entry is not None:
                bits = entry[2]
                missing = missing_by_bits.get(bits)
                if missing is None:
                    missing = missing_by_bits[bits] = [
                        g.text for i, g in enumerate(groups) if not bits >> i & 1
                    ]
                hit.missing = missing
        return self._sorted(hits)

    def _rows_per_word(self, groups) -> list[tuple[list, list, list]]:
        """Per word group: (page rows, contact rows, document rows) of its matches; one
        SQL statement for all on a Dutch database backend (`_kind_rows`)."""
        analysed = getattr(self.backend, "dutch_analysis", False)
        queries = [group_query(group, analysed) for group in groups]
        kinds = self._kind_rows(queries, "and")
        return [tuple(kind[index] for kind in kinds) for index in range(len(groups))]

    def _reorder(self, hits: list[Hit]) -> list[Hit]:
        # 1. A result whose title holds more of the words searched for comes first:
        # "nevenfunctie melden" puts "Regeling nevenfuncties" above a page that only
        # mentions both in its text. Between equal titles a page goes before a document
        # (often the PDF of that same page), and a title that is mostly those words before
        # a longer one; then the order so far (AND before OR, then the scores) stays, as
        # the sort is stable. Words that only say who or where ("collega", "werk") do not
        # count here: "mijn collega steelt" is about stealing, not about the news
        # "156 nieuwe collega's legden de eed af".
        top = hits[:RERANK_DEPTH]
        groups = self.topic_groups

        def key(hit):
            covered, share = _title_key(hit.title, groups)
            return (-covered, hit.kind == "document", -share)

        top.sort(key=key)
        hits = top + hits[RERANK_DEPTH:]
        # 2. Someone whose role is what was searched for ("vertrouwenspersoon", "coordinator")
        # is a strong answer whatever the scores: first, or right after a result that has
        # every word in its title (the page "Melden en vertrouwenspersonen").
        by_role = sorted((h for h in hits if h.by_role), key=lambda h: (-h.score, h.pk))
        if not by_role:
            return hits
        rest = [h for h in hits if not h.by_role]
        full_title = rest and _covered_groups(rest[0].title, self.groups) == len(self.groups)
        keep = 1 if full_title else 0
        return rest[:keep] + by_role + rest[keep:]


# --- versions of policy documents ---------------------------------------------------


@dataclass(frozen=True)
class VersionFacts:
    """What deciding a result's version needs of a PolicyVersion, without its articles;
    `digest` is a hash of its text (computed by the database), so the terms of a version are
    analysed once per text, not once per search (`_version_terms`)."""

    pk: int
    page_id: int
    adopted_on: date
    in_force_from: date
    digest: str


def _policy_facts(request, model) -> tuple[dict[int, list[VersionFacts]], dict[int, str]]:
    """The versions (without text) and summary of every policy document, once per generation."""

    def compute():
        from django.db.models import TextField
        from django.db.models.functions import MD5, Cast

        version_model = model._meta.get_field("versions").related_model
        rows = version_model.objects.annotate(
            _digest=MD5(Cast("articles", TextField()))
        ).values_list("pk", "page_id", "adopted_on", "in_force_from", "_digest")
        by_page: dict[int, list[VersionFacts]] = {}
        for row in rows:
            by_page.setdefault(row[1], []).append(VersionFacts(*row))
        summaries = dict(model.objects.values_list("pk", "summary"))
        return by_page, summaries

    return sitememo.memo(request, "policy-versions", compute)


# (version pk, digest of its text) -> its terms; bounded, cleared when full.
_VERSION_TERMS: dict[tuple[int, str], frozenset[str]] = {}
MAX_VERSION_TERMS = 20_000


def _version_terms(version_model, facts: list[VersionFacts]) -> dict[int, frozenset[str]]:
    """Terms of each version's text; only versions not seen with this text are read (one
    query) and analysed."""
    from kennisbank.models.policy import version_text

    out, missing = {}, []
    for fact in facts:
        terms = _VERSION_TERMS.get((fact.pk, fact.digest))
        if terms is None:
            missing.append(fact)
        else:
            out[fact.pk] = terms
    if missing:
        if len(_VERSION_TERMS) + len(missing) > MAX_VERSION_TERMS:
            _VERSION_TERMS.clear()
        digests = {fact.pk: fact.digest for fact in missing}
        for version in version_model.objects.filter(pk__in=list(digests)):
            terms = frozenset(analyze(version_text(version)))
            _VERSION_TERMS[(version.pk, digests[version.pk])] = terms
            out[version.pk] = terms
    return out


@lru_cache(maxsize=20_000)
def text_terms(text: str) -> frozenset[str]:
    """The terms of a short text (a title, a summary), analysed once per text."""
    return frozenset(analyze(text))


def _covered(terms: frozenset[str], groups) -> int:
    return sum(1 for group in groups if any(set(alt) <= terms for alt in group))


def place_versions(hits: list[Hit], groups, include_superseded: bool, request=None) -> list[Hit]:
    """Say which version of a policy document a result is about.

    The index holds the text of every version readers see. A result is about the version
    in force when that one has as many of the words as any other; else about the announced
    version that has the most ("Komt eraan vanaf …"); else about an earlier version, which
    is shown only when the visitor asks for earlier versions.

    Runs over every policy document found (it decides which are left out, so the counts
    are right), but with set operations only: the versions' dates and the terms of their
    texts are read once per generation and text (`_policy_facts`, `_version_terms`), no
    article is parsed for a search. `hit.version` is the version's facts here; the version
    itself is read for the results on the page shown (`load_hits`).
    """
    model = _model("kennisbank.PolicyDocumentPage")
    if model is None or not groups:
        return hits
    ct_id = ContentType.objects.get_for_model(model).pk
    policy_hits = [h for h in hits if h.kind == "page" and h.content_type_id == ct_id]
    if not policy_hits:
        return hits
    from kennisbank.constants import VersionStatus
    from kennisbank.models.policy import sorted_versions, version_status

    today = timezone.localdate()
    by_page, summaries = _policy_facts(request, model)
    version_model = model._meta.get_field("versions").related_model
    known = {
        hit.pk: sorted_versions(v for v in by_page.get(hit.pk, ()) if v.adopted_on <= today)
        for hit in policy_hits
    }
    # Only the versions of the documents found are analysed (when not seen before).
    terms = _version_terms(version_model, [v for versions in known.values() for v in versions])
    dropped: set[int] = set()
    order = {VersionStatus.IN_FORCE: 0, VersionStatus.ANNOUNCED: 1}
    for hit in policy_hits:
        versions = known.get(hit.pk)
        if not versions:
            continue
        base = text_terms(f"{hit.title} {summaries.get(hit.pk, '')}")
        candidates = []
        for version in versions:
            status = version_status(version, versions, today)
            rank = order.get(status, 2)
            covered = _covered(base | terms.get(version.pk, frozenset()), groups)
            if rank == 0 and covered == len(groups):
                candidates = []  # the version in force has every word: it wins
                break
            # Prefer the most words; on a tie the version in force, then announced, then
            # the latest earlier one.
            candidates.append((covered, -rank, version.in_force_from, version, status))
        if not candidates:
            continue
        covered, _rank, _date, version, status = max(candidates, key=lambda c: c[:3])
        if status == VersionStatus.IN_FORCE or covered == 0:
            continue
        if status == VersionStatus.SUPERSEDED and not include_superseded:
            in_force_or_coming = [c for c in candidates if c[1] > -2 and c[0] > 0]
            if not in_force_or_coming:
                dropped.add(hit.pk)  # found only in earlier versions: left out unless asked
                continue
            covered, _rank, _date, version, status = max(in_force_or_coming, key=lambda c: c[:3])
            if status == VersionStatus.IN_FORCE:
                continue
        hit.version, hit.version_status = version, str(status)
    if not dropped:
        return hits
    return [h for h in hits if not (h.kind == "page" and h.pk in dropped)]


# --- loading the hits on one page ---------------------------------------------------


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        # Blocks of a StreamField (a heading, then a paragraph): end each like a sentence.
        parts = [p for p in (_plain(v) for v in value) if p]
        return " ".join(p if p[-1] in ".?!:;…" else p + "." for p in parts)
    text = re.sub(r"<[^>]+>", " ", str(value))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def searchable_text(obj) -> str:
    """The text of an object's search fields (title excluded), as plain text."""
    from wagtail.search import index

    parts = [
        _plain(getattr(obj, "listing_text", "")),
        _plain(getattr(obj, "search_description", "")),
    ]
    for search_field in obj.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name != "title":
            try:
                parts.append(_plain(search_field.get_value(obj)))
            except Exception:  # a snippet must never break the search page
                logger.exception("Could not read a search field for a snippet")
    return " ".join(p for p in dict.fromkeys(parts) if p)


_WORD = re.compile(r"\w+", re.UNICODE)
MAX_MATCHES = 200  # matches weighed when choosing a snippet's window


def _window_start(text: str, matches: list[tuple[int, str]], length: int) -> int:
    """Where the snippet starts: a little before the stretch of text holding the most
    different words searched for ("pesten op het werk": the sentence with both, not the
    first "werk"); the earliest such stretch wins."""
    margin = length // 6  # context before the first match, and slack at the end
    best, best_count = None, 0
    matches = matches[:MAX_MATCHES]
    for position, _term in matches:
        stop = position + length - 2 * margin
        count = len({t for p, t in matches if position <= p < stop})
        if count > best_count:
            best, best_count = position, count
    if best is None or best <= margin:
        return 0
    return text.rfind(" ", 0, best - margin) + 1


@lru_cache(maxsize=50_000)
def _word_term(word: str) -> str | None:
    """The term of one word of a text as written ("Pesten" -> pest), or None."""
    tokens = tokenize(word)
    return stem(tokens[0]) if tokens else None


def highlight(text: str, terms: set[str], length: int = SNIPPET_LENGTH) -> str:
    """A window of `text` around the words searched for, matches in <mark>; safe HTML."""
    if len(text) <= HIGHLIGHTS_KEPT_UP_TO:
        return _kept_highlight(text, frozenset(terms), length)
    return _highlight(text, terms, length)


# The same texts come back for the same questions (the pages of recent results are kept),
# and a snippet costs a pass over every word of its text. The cache holds its texts: only
# texts up to this length, at most 500 of them (5 MB), so a worker's memory stays bounded.
HIGHLIGHTS_KEPT_UP_TO = 10_000


@lru_cache(maxsize=500)
def _kept_highlight(text: str, terms: frozenset[str], length: int) -> str:
    return _highlight(text, terms, length)


def _highlight(text: str, terms, length: int) -> str:
    words = list(_WORD.finditer(text))

    def term_of(word: str) -> str | None:
        term = _word_term(word)
        return term if term in terms else None

    matched = [(m, term_of(m.group())) for m in words]
    matches = [(m.start(), term) for m, term in matched if term]
    start = _window_start(text, matches, length)
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + length // 2)
    out = []
    position = start
    for m, term in matched:
        if m.start() < start or m.end() > end:
            continue
        if term:
            out.append(html.escape(text[position : m.start()]))
            out.append(f"<mark>{html.escape(m.group())}</mark>")
            position = m.end()
    out.append(html.escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out).strip() + suffix)  # noqa: S308 - escaped above


def page_date(page) -> tuple[str, date | None]:
    """The date that matters for a result, as the page model says (`listing_date`)."""
    if isinstance(page, ListedPage):
        return page.listing_date()
    return ListedPage.listing_date(page)


def _load_versions(pages) -> None:
    """The versions of all policy pages shown, in one query instead of one per page.

    PolicyDocumentPage reads its versions once into `all_versions` (a cached property);
    filling that cache here keeps a result page at a fixed number of queries.
    """
    policy_model = _model("kennisbank.PolicyDocumentPage")
    if policy_model is None or not isinstance(
        getattr(policy_model, "all_versions", None), cached_property
    ):
        return
    from kennisbank.models.policy import sorted_versions

    policies = [p for p in pages if isinstance(p, policy_model)]
    if not policies:
        return
    version_model = policy_model._meta.get_field("versions").related_model
    by_page: dict[int, list] = {p.pk: [] for p in policies}
    for version in version_model.objects.filter(page__in=policies).select_related(
        "signed_document"
    ):
        by_page[version.page_id].append(version)
    for page in policies:
        page.__dict__["all_versions"] = sorted_versions(by_page[page.pk])


def contact_url(page_url: str | None, person) -> str:
    """Where a contact person is on "Met wie kan ik praten?": their own card
    (#persoon-<pk>, `ContactPerson.anchor`), else the section of their role (#rol-<role>)."""
    if not page_url:
        return ""
    anchor = getattr(person, "anchor", "") or f"rol-{person.role}"
    return f"{page_url}#{anchor}"


def file_size_label(size: int | None) -> str:
    """A file size as people read it, in Dutch: "800 bytes", "120 kB", "1,4 MB"."""
    if size is None:
        return ""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def file_info(document) -> str:
    """The type and size of a document, shown with the result: "PDF, 120 kB"."""
    extension = (getattr(document, "file_extension", "") or "").upper()
    label = {"DOCX": "Word", "DOC": "Word", "XLSX": "Excel", "PPTX": "PowerPoint"}.get(
        extension, extension
    )
    # Wagtail stores the size at upload; reading it from disk here would cost a file access.
    size = getattr(document, "file_size", None)
    return ", ".join(part for part in (label, file_size_label(size)) if part)


def _specific_pages(hits: list[Hit]) -> dict[int, Page]:
    """The pages among the hits as their own page type: one query per type shown (the hit
    knows its type: Wagtail's `specific()` would first read the types again)."""
    by_type: dict[int, list[int]] = {}
    for hit in hits:
        if hit.kind == "page":
            by_type.setdefault(hit.content_type_id, []).append(hit.pk)
    pages: dict[int, Page] = {}
    for ct_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(ct_id).model_class() if ct_id else None
        if model is None or not issubclass(model, Page):
            pages.update((p.pk, p) for p in Page.objects.filter(pk__in=pks).specific())
        else:
            pages.update((p.pk, p) for p in model.objects.filter(pk__in=pks))
    return pages


# The pages of results shown lately, with their searchable text, per process (sitememo's
# `memo_each`, under the site's generation). Most searches show the same few hundred pages
# (the best of common questions); loading one as its own type with its versions and reading
# its text for the snippet was a quarter of a repeated search's CPU. Bounded, as a page with
# its versions holds tens of kB and a worker's memory is budgeted (150 MB).
RESULT_PAGES = "result-pages"
RESULT_PAGES_KEPT = 200


def _loaded_pages(request, hits: list[Hit]) -> dict[int, tuple[Page, str]]:
    """pk -> (the page as its own type with its versions, its searchable text) for the
    pages among `hits`: from this process's recent results, the rest read in bulk
    (`_specific_pages`)."""
    by_pk = {hit.pk: hit for hit in hits if hit.kind == "page"}

    def load(pks):
        pages = _specific_pages([by_pk[pk] for pk in pks])
        _load_versions(pages.values())
        return {pk: (page, searchable_text(page)) for pk, page in pages.items()}

    return sitememo.memo_each(request, RESULT_PAGES, list(by_pk), load, RESULT_PAGES_KEPT)


def _contact_page(request):
    """ "Met wie kan ik praten?" as this visitor sees it (the first by path), or None; the
    live pages of its type are read once per generation."""
    overview = _model("kennisbank.ContactOverviewPage")
    if overview is None:
        return None
    candidates = sitememo.memo(
        request,
        "contact-pages",
        lambda: list(Page.objects.live().type(overview).filter(depth__gt=1).order_by("path")),
    )
    hidden = _hidden_paths(request)
    now = timezone.now()
    return next(
        (
            page
            for page in candidates
            if (page.expire_at is None or page.expire_at > now)
            and not _is_hidden(page.path, hidden)
        ),
        None,
    )


def load_hits(hits: list[Hit], searcher: Searcher) -> None:
    """Fill url, snippet and date of the hits on the current page (bulk queries)."""
    request = searcher.request
    pages = _loaded_pages(request, hits)
    contact_model = _model("kennisbank.ContactPerson")
    contact_ids = [h.pk for h in hits if h.kind == "contact"]
    contacts = _published_persons(request, contact_model) if contact_ids and contact_model else {}
    document_ids = [h.pk for h in hits if h.kind == "document"]
    documents = get_document_model().objects.in_bulk(document_ids) if document_ids else {}
    # The pages that use a document: read with the references, once per generation.
    used_on = _document_references(request)[1] if any(h.used_on for h in hits) else {}
    contact_page = _contact_page(request) if contacts else None

    for hit in hits:
        if hit.kind == "page":
            if hit.pk not in pages:
                continue
            page, hit.text = pages[hit.pk]
            hit.obj, hit.title = page, page.title
            hit.url = page.get_url(request) or ""
            hit.snippet = highlight(hit.text, searcher.terms)
            hit.date_label, hit.date = page_date(page)
            if hit.version is not None:
                # place_versions left the version's facts: now the version itself.
                pk = hit.version.pk
                hit.version = next((v for v in page.all_versions if v.pk == pk), None)
                if hit.version is None:
                    hit.version_status = ""
                else:
                    version_hit(hit, page, searcher.terms)
        elif hit.kind == "contact":
            person = contacts.get(hit.pk)
            if person is None:
                continue
            hit.obj, hit.title = person, person.name
            role = person.get_role_display() if hasattr(person, "get_role_display") else ""
            hit.snippet = highlight(
                " – ".join(p for p in [role, getattr(person, "introduction", "")] if p),
                searcher.terms,
            )
            if contact_page is not None:
                hit.url = contact_url(contact_page.get_url(request), person)
        else:
            document = documents.get(hit.pk)
            if document is None:
                continue
            hit.obj, hit.title, hit.url = document, document.title, document.url
            hit.file_info = file_info(document)
            hit.snippet = highlight(_plain(getattr(document, "extracted_text", "")), searcher.terms)
            hit.date_label = "Toegevoegd"
            hit.date = (
                timezone.localtime(document.created_at).date() if document.created_at else None
            )
            hit.used_on = [
                (used_on[pk].title, used_on[pk].get_url(request))
                for pk in hit.used_on
                if pk in used_on
            ]
    for hit in hits:
        if hit.partial and hit.missing is None and hit.obj is not None:
            hit.missing = missing_words(hit, searcher.query_groups)


def version_hit(hit: Hit, page, terms) -> None:
    """A result about a version not in force: its own address, text and date."""
    from kennisbank.models.policy import version_text

    version = hit.version
    if hit.url:
        hit.url += page.reverse_subpage("version", args=(version.slug,))
    text = _plain(version.summary_of_changes) + " " + version_text(version)
    hit.snippet = highlight(text.strip(), terms)
    if hit.version_status == "announced":
        hit.date_label, hit.date = "Komt eraan vanaf", version.in_force_from
    else:
        hit.date_label, hit.date = (
            f"Vervallen versie {version.label}, in werking vanaf",
            (version.in_force_from),
        )


def missing_words(hit: Hit, groups: list[QueryGroup]) -> list[str]:
    """The words searched for that a result lacks, read from its own text."""
    obj = hit.obj
    if hit.kind == "document":
        text = _plain(getattr(obj, "extracted_text", ""))
    elif hit.kind == "contact":
        role = obj.get_role_display() if hasattr(obj, "get_role_display") else ""
        text = " ".join([role, getattr(obj, "introduction", "")])
    else:
        text = hit.text or searchable_text(obj)
    terms = set(analyze(f"{hit.title} {text}"))
    return [g.text for g in groups if not any(set(alt) <= terms for alt in g.alternatives)]


# --- corrections --------------------------------------------------------------------


def known_words(request) -> dict[str, str]:
    """Words a correction may use: titles of pages this visitor sees, contact names and roles.

    Needed only when a search found nothing, but then it reads every title: at 10,000 pages
    splitting them into words cost ~100 ms of CPU a search. Kept once per change of the site
    (`integriteitsplein.sitememo`) and per set of subtrees hidden from the visitor, so a
    visitor who may see less never gets a word only a wider vocabulary holds.
    """

    def compute():
        texts = list(visible_pages(request).values_list("title", flat=True))
        contact_model = _model("kennisbank.ContactPerson")
        if contact_model is not None:
            choices = contact_model._meta.get_field("role").choices
            texts += [str(label) for _value, label in choices]
            texts += list(published_persons(contact_model).values_list("name", flat=True))
        return spelling.vocabulary(texts)

    hidden = "\n".join(sorted(_hidden_paths(request)))
    return sitememo.memo(request, f"vocabulary\n{hidden}", compute)


def searchable_words(query: str) -> list[str]:
    """The words of a query that search can use (no stop or question words, no single
    letters); empty when only stop words are left."""
    words = query_words(query)
    return [] if all(is_stop_word(w) for w in words) else words


# --- promotions ---------------------------------------------------------------------


def query_readings(query: str) -> set[frozenset[str]]:
    """The ways a query can be read, as sets of stems: "vertrouwenspersonen" and "de
    vertrouwenspersoon" both read {vertrouwenspersoon}; "VP" reads {vp} or that too."""
    combinations = itertools.islice(itertools.product(*analyze_query(query)), 32)
    return {
        frozenset(term for alternative in combo for term in alternative) for combo in combinations
    }


def _promotions(request) -> list[tuple[frozenset[str], int, object]]:
    """(stems of its search term, its place, the promotion with its page) of every promotion
    of the Redactie, in Wagtail's order; read once per generation of the site (a promotion
    saved or deleted, a page published, moved or unpublished raises it)."""

    def compute():
        from wagtail.contrib.search_promotions.models import SearchPromotion

        picks = SearchPromotion.objects.select_related("query", "page").order_by("sort_order", "pk")
        return [
            (frozenset(analyze(pick.query.query_string)), place, pick)
            for place, pick in enumerate(picks)
        ]

    return sitememo.memo(request, "promotions", compute)


def promoted_picks(request, query: str) -> list:
    """The Redactie's promotions for search terms that mean the same as `query`, whose page
    (if any) this visitor may see, in Wagtail's order. No SQL once read for the generation.

    Wagtail matches a promotion on the exact (lower-cased) words; here the Dutch analysis
    decides, so the promotion for "melden" also shows for "meldingen" or "ik wil iets
    melden"."""
    entries = _promotions(request)
    if not entries:
        return []
    readings = query_readings(query)
    hidden = _hidden_paths(request)
    now = timezone.now()
    out = []
    for stems, _place, pick in entries:
        if stems not in readings:
            continue
        page = pick.page
        if page is not None and not (
            page.live
            and page.depth > 1
            and (page.expire_at is None or page.expire_at > now)
            and not _is_hidden(page.path, hidden)
        ):
            continue
        out.append(pick)
    return out


# --- the whole search ---------------------------------------------------------------


def run_search(
    request,
    query: str,
    type_filter="",
    theme_filter="",
    page_number=1,
    page_size=PAGE_SIZE,
    prefix=False,
    correct=True,
    shown_apart=None,
    include_superseded=False,
):
    """The results for `query` (or, when it finds nothing, for a correction of it).

    `shown_apart(query)` gives the pks of pages shown above the results already (the
    Redactie's promotions): they are left out of the list, unless they are all it holds.
    """
    searcher = Searcher(request, query)
    and_hits = any_hits = apart = None
    if hasattr(searcher.backend, "ranked_summary"):
        # More matching pages than shown: summed up in SQL (docs/adr/0027).
        apart = shown_apart(query) if shown_apart else set()
        number = page_number if isinstance(page_number, int) and page_number > 0 else 1
        top = max(RERANK_DEPTH, number * page_size) + SUMMARY_MARGIN
        args = (apart, type_filter, theme_filter, page_number, page_size, include_superseded)
        summary = searcher.summarize(top, apart)
        parts = None
        if summary is not None and not summary["complete"]:
            parts = _and_parts(searcher, summary)
        elif summary is not None:
            and_hits = summary["hits"]
            searcher.with_all_words = len(and_hits)
            if len(and_hits) < PAGE_SIZE and len(searcher.groups) > 1:
                words = searcher.summarize_words(top, apart, and_hits)
                if words is not None and not words["complete"]:
                    parts = {**words, "first": and_hits, "fallback": True}
                elif words is not None:
                    any_hits = words["hits"]
        if parts is not None:
            outcome = _summary_outcome(searcher, parts, *args)
            if outcome is not None:
                return outcome
            # A page past the best rows read: every match, as without a summary.
            searcher, and_hits, any_hits = Searcher(request, query), None, None
    hits = searcher.all_hits(prefix=prefix, and_hits=and_hits, any_hits=any_hits)
    corrected = ""
    if not hits and correct and searchable_words(query):
        suggestion = spelling.correct(query, known_words(request))
        if suggestion:
            retry = Searcher(request, suggestion)
            retry_hits = retry.all_hits(prefix=prefix)
            if retry_hits:
                searcher, hits, corrected = retry, retry_hits, suggestion
    hits = place_versions(hits, searcher.groups, include_superseded, request)
    if corrected or apart is None:
        apart = shown_apart(corrected or query) if shown_apart and hits else set()
    if apart:
        rest = [h for h in hits if not (h.kind == "page" and h.pk in apart)]
        hits = rest or hits

    type_facets, theme_facets, selected = _facets(hits, searcher, type_filter, theme_filter)
    page_obj = Paginator(selected, page_size).get_page(page_number)
    _finish_page(page_obj, searcher)
    return SearchOutcome(
        query,
        hits,
        page_obj,
        type_facets,
        theme_facets,
        len(selected),
        corrected_query=corrected,
        capped=searcher.capped,
        with_all_words=searcher.with_all_words,
    )


def _facets(hits: list[Hit], searcher: Searcher, type_filter: str, theme_filter: str):
    """(type facets, theme facets, the hits the filters select); a hit counts `weight`."""

    def theme_ok(hit):
        return not theme_filter or str(hit.theme_id) == theme_filter

    def type_ok(hit):
        return not type_filter or hit.type_key == type_filter

    themes = searcher.themes
    type_counts: dict[str, list] = {}
    theme_counts: dict[int, int] = {}
    if not type_filter and not theme_filter:  # the usual case: counts by label, then key
        selected = hits
        by_label: Counter = Counter()
        for hit in hits:
            by_label[hit.type_label] += hit.weight
            if hit.theme_id in themes:
                theme_counts[hit.theme_id] = theme_counts.get(hit.theme_id, 0) + hit.weight
        for label, count in by_label.items():
            entry = type_counts.setdefault(type_key(label), [label, 0])
            entry[1] += count
    else:
        selected = []
        for hit in hits:
            theme_matches, type_matches = theme_ok(hit), type_ok(hit)
            if theme_matches:
                entry = type_counts.setdefault(hit.type_key, [hit.type_label, 0])
                entry[1] += hit.weight
            if type_matches and hit.theme_id in themes:
                theme_counts[hit.theme_id] = theme_counts.get(hit.theme_id, 0) + hit.weight
            if theme_matches and type_matches:
                selected.append(hit)

    type_facets = sorted(
        (Facet(k, label, n, k == type_filter) for k, (label, n) in type_counts.items()),
        key=lambda f: (-f.count, f.label),
    )
    theme_facets = sorted(
        (
            Facet(str(pk), themes[pk][1], n, str(pk) == theme_filter)
            for pk, n in theme_counts.items()
        ),
        key=lambda f: (-f.count, f.label),
    )
    return type_facets, theme_facets, selected


def _finish_page(page_obj, searcher: Searcher) -> None:
    """Load the hits on the page shown, and name their theme."""
    load_hits(list(page_obj.object_list), searcher)
    theme_titles = {pk: title for pk, (_path, title) in searcher.themes.items()}
    for hit in page_obj.object_list:
        if not (hit.kind == "page" and hit.pk == hit.theme_id):  # a theme is not its own theme
            hit.theme = theme_titles.get(hit.theme_id)


class KnownResults:
    """The results of a summed-up search as far as they are known: `len()` is the total,
    `[a:b]` a slice within the best results read (what the Paginator asks of its list);
    iterating gives those best results only."""

    def __init__(self, known: list[Hit], total: int):
        self.known, self.total = known, total

    def __len__(self):
        return self.total

    def __iter__(self):
        return iter(self.known)

    def __getitem__(self, index):
        if isinstance(index, slice):
            assert (index.stop or 0) <= len(self.known) or len(self.known) == self.total
        return self.known[index]


def _and_parts(searcher: Searcher, summary: dict) -> dict:
    """`summarize`'s answer as the parts `_summary_outcome` takes (rows made hits)."""
    individual = searcher.page_hits_from(summary["individual"])
    by_pk = {hit.pk: hit for hit in individual}
    top = summary["top"]
    fresh = {h.pk: h for h in searcher.page_hits_from([r for r in top if r[0] not in by_pk])}
    return {
        "fallback": False,
        "first": [],
        "top": [by_pk.get(row[0]) or fresh[row[0]] for row in top],
        "individual": individual,
        "groups": summary["groups"],
        "contacts": summary["contacts"],
        "documents": summary["documents"],
    }


def _summary_outcome(
    searcher, parts, apart, type_filter, theme_filter, page_number, page_size, superseded
) -> SearchOutcome | None:
    """The outcome of a search with more matching pages than `parts["top"]` holds, the
    same as `run_search` computes from every match (tests/search/test_summary.py), or
    None when the page asked for lies past the best rows read.

    `parts`: `fallback`, whether these are results with some of the words, and then
    `first`, the (fewer than a page) results with every word, all known; `top`, the best
    pages; `individual`, every page of the types decided one by one; `groups`, `(type,
    parent path, count)` of the other pages; `contacts`, `documents`: all. Counted: each
    group as one hit of that weight, the individual pages one by one (the version rules
    drop some policy documents, promoted pages are left out), all contact persons and
    documents. Shown: the results in the order `run_search` gives them, as far as it is
    certain: every page scoring above the lowest score read is among `top`; at an equal
    score one more may be left unread, so results from there on are not shown from here."""
    request = searcher.request
    first = parts["first"]
    seen = {(h.kind, h.pk) for h in first}
    page_types: dict[int, tuple] = {}
    grouped = []
    for ct_id, parent, n in parts["groups"]:
        fact = page_types.get(ct_id)
        if fact is None:
            fact = page_types[ct_id] = _page_type_facts(request, ct_id)
        label = fact[0] or ListedPage.type_label
        grouped.append(Hit("page", 0, 0.0, label, searcher.theme_for_path(parent), weight=n))
    individual = parts["individual"]
    others = [h for h in parts["contacts"] + parts["documents"] if (h.kind, h.pk) not in seen]
    if parts["fallback"]:  # `all_hits`: these have only some of the words
        for hit in [*individual, *parts["top"], *others]:
            hit.partial = True
    else:
        searcher.with_all_words = sum(h.weight for h in grouped) + len(individual) + len(others)
        if searcher.with_all_words < PAGE_SIZE and len(searcher.groups) > 1:
            return None  # results with some of the words follow (`all_hits`)
    kept = place_versions(first + individual, searcher.groups, superseded, request)
    left_out = {h.pk for h in first + individual if h.kind == "page"} - {
        h.pk for h in kept if h.kind == "page"
    }
    counted = grouped + kept + others
    if apart:
        left_out |= apart
        counted = [h for h in counted if not (h.kind == "page" and h.pk in apart)]
        if not counted:
            return None  # only promoted pages: run_search shows them after all
    type_facets, theme_facets, selected = _facets(counted, searcher, type_filter, theme_filter)
    total = sum(hit.weight for hit in selected)

    top = parts["top"]
    cutoff = top[-1].score
    more = searcher._sorted(top + others)
    certain = {id(h) for h in first} | {id(h) for h in more if h.score > cutoff or h.by_role}
    if not all(id(h) in certain for h in (first + more)[:RERANK_DEPTH]):
        return None  # the title rule reorders results not all read
    ordered = searcher._reorder(first + more)
    known = list(itertools.takewhile(lambda h: id(h) in certain, ordered))

    def shown(hit):
        return (
            not (hit.kind == "page" and hit.pk in left_out)
            and (not theme_filter or str(hit.theme_id) == theme_filter)
            and (not type_filter or hit.type_key == type_filter)
        )

    results = KnownResults([hit for hit in known if shown(hit)], total)
    paginator = Paginator(results, page_size)
    try:  # the page Paginator.get_page would choose
        number = paginator.validate_number(page_number)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    if min(number * page_size, total) > len(results.known):
        return None
    page_obj = paginator.page(number)
    _finish_page(page_obj, searcher)
    return SearchOutcome(
        searcher.query,
        results,
        page_obj,
        type_facets,
        theme_facets,
        total,
        capped=searcher.capped,
        with_all_words=searcher.with_all_words,
    )
