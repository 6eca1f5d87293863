"""One search over pages, contact persons and documents, for the page and the JSON.

`run_search()` answers in a bounded number of SQL queries whatever the number of matches:
one search per kind of object (pages, contact persons, documents) returns ids and scores
only; types, themes and document references are then read in bulk; only the results on
the page being shown are loaded in full. Visibility is decided before searching: live
pages, minus every subtree whose view restriction this visitor does not pass; documents
in collections this visitor may open, and not only used on pages hidden from them.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import mark_safe

from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)
from wagtail.search.backends import get_search_backend

from search.analysis import analyze, analyze_query, fold, query_terms, stem, tokenize

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
SNIPPET_LENGTH = 220

# Type labels per page model ("app_label.ModelName"); PolicyDocumentPage uses its kind.
PAGE_TYPE_LABELS = {
    "kennisbank.elearningpage": "E-learning",
    "kennisbank.newspage": "Nieuws",
    "kennisbank.newsindexpage": "Nieuws",
    "kennisbank.themepage": "Onderwerp",
    "meldkanaal.meldformpage": "Melden",
}
DEFAULT_PAGE_LABEL = "Pagina"
CONTACT_LABEL = "Contactpersoon"
DOCUMENT_LABEL = "Document"


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def type_key(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(label)).strip("-")


@dataclass
class Hit:
    kind: str  # "page", "contact" or "document"
    pk: int
    score: float
    type_label: str
    theme_id: int | None = None
    obj: object = None
    title: str = ""
    url: str = ""
    snippet: str = ""
    date: date | None = None
    used_on: list = field(default_factory=list)
    theme: str | None = None
    date_label: str = ""
    by_role: bool = False

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


# --- visibility -------------------------------------------------------------------


def _passes(restriction, request, user_group_ids: set[int]) -> bool:
    user = request.user
    if restriction.restriction_type == BaseViewRestriction.NONE:
        return True
    if restriction.restriction_type == BaseViewRestriction.LOGIN:
        return user.is_authenticated
    if restriction.restriction_type == BaseViewRestriction.GROUPS:
        if user.is_superuser:
            return True
        return bool(user_group_ids & {g.pk for g in restriction.groups.all()})
    # A password restriction: open only once the visitor entered it in this session.
    return restriction.accept_request(request)


def _user_group_ids(request) -> set[int]:
    if not request.user.is_authenticated:
        return set()
    if not hasattr(request, "_search_group_ids"):
        request._search_group_ids = set(request.user.groups.values_list("pk", flat=True))
    return request._search_group_ids


def _hidden_pages(request) -> Q:
    """Subtrees this visitor may not open; worked out once per request."""
    if not hasattr(request, "_search_hidden_pages"):
        group_ids = _user_group_ids(request)
        restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        hidden = Q()
        for restriction in restrictions:
            if not _passes(restriction, request, group_ids):
                hidden |= Q(path__startswith=restriction.page.path)
        request._search_hidden_pages = hidden
    return request._search_hidden_pages


def visible_pages(request):
    """Live pages this visitor may see: `.live()` minus subtrees they may not open."""
    queryset = Page.objects.live().filter(depth__gt=1)
    hidden = _hidden_pages(request)
    return queryset.exclude(hidden) if hidden else queryset


def _hidden_collection_ids(request) -> set[int]:
    group_ids = _user_group_ids(request)
    hidden = set()
    restrictions = CollectionViewRestriction.objects.select_related("collection").prefetch_related(
        "groups"
    )
    for restriction in restrictions:
        if not _passes(restriction, request, group_ids):
            hidden.update(
                restriction.collection.get_descendants(inclusive=True).values_list("pk", flat=True)
            )
    return hidden


# --- scoring ----------------------------------------------------------------------


def _scored(results, backend) -> list[tuple[object, float]]:
    """(object, score) with higher always better, whatever the backend."""
    sign = 1 if getattr(backend, "best_score_first", True) else -1
    return [(obj, sign * float(getattr(obj, "_score", 0) or 0)) for obj in results]


def _search(backend, query, queryset, operator):
    return backend.search(query, queryset, operator=operator).annotate_score("_score")


# --- the search -------------------------------------------------------------------


class Searcher:
    def __init__(self, request, query: str):
        self.request = request
        self.query = query
        self.backend = get_search_backend()
        self.terms = query_terms(query)

    # Pages --------------------------------------------------------------------

    def page_hits(self, operator: str, prefix: bool = False) -> list[Hit]:
        queryset = visible_pages(self.request).only("id", "content_type_id", "path")
        if prefix:  # titles starting with what was typed so far ("vertrouw")
            found = self.backend.autocomplete(self.query, queryset).annotate_score("_score")
        else:
            found = _search(self.backend, self.query, queryset, operator)
        results = _scored(found, self.backend)
        if not results:
            return []
        content_types = ContentType.objects.get_for_id  # cached by Django
        kinds = {}
        policy_model = _model("kennisbank.PolicyDocumentPage")
        if policy_model is not None:
            policy_ct = ContentType.objects.get_for_model(policy_model).pk
            policy_ids = [p.pk for p, _ in results if p.content_type_id == policy_ct]
            if policy_ids:
                labels = dict(policy_model._meta.get_field("kind").choices or [])
                rows = policy_model.objects.filter(pk__in=policy_ids).values_list("pk", "kind")
                kinds = {pk: str(labels.get(kind, kind)) for pk, kind in rows}
        news_model = _model("kennisbank.NewsPage")
        news_themes = {}
        if news_model is not None and hasattr(news_model, "theme"):
            news_ct = ContentType.objects.get_for_model(news_model).pk
            news_ids = [p.pk for p, _ in results if p.content_type_id == news_ct]
            if news_ids:
                news_themes = dict(
                    news_model.objects.filter(pk__in=news_ids).values_list("pk", "theme_id")
                )
        hits = []
        for page, score in results:
            ct = content_types(page.content_type_id)
            label = kinds.get(page.pk) or PAGE_TYPE_LABELS.get(
                f"{ct.app_label}.{ct.model}", DEFAULT_PAGE_LABEL
            )
            theme_id = self.theme_for_path(page.path) or news_themes.get(page.pk)
            hits.append(Hit("page", page.pk, score, label, theme_id))
        return hits

    # Themes -------------------------------------------------------------------

    @property
    def themes(self) -> dict[int, tuple[str, str]]:
        """Live themes this visitor may see: pk -> (path, title)."""
        if not hasattr(self, "_themes"):
            theme_model = _model("kennisbank.ThemePage")
            self._themes = {}
            if theme_model is not None:
                rows = (
                    visible_pages(self.request).type(theme_model).values_list("pk", "path", "title")
                )
                self._themes = {pk: (path, title) for pk, path, title in rows}
        return self._themes

    def theme_for_path(self, path: str) -> int | None:
        best = None
        for pk, (theme_path, _title) in self.themes.items():
            if path.startswith(theme_path) and (
                best is None or len(theme_path) > len(self.themes[best][0])
            ):
                best = pk
        return best

    # Contact persons ----------------------------------------------------------

    def contact_hits(self, operator: str) -> list[Hit]:
        model = _model("kennisbank.ContactPerson")
        if model is None:
            return []
        found = _scored(
            _search(self.backend, self.query, model.objects.only("id"), operator), self.backend
        )
        hits = {
            person.pk: Hit("contact", person.pk, score, CONTACT_LABEL) for person, score in found
        }
        roles = self.matching_roles(model)
        if roles:
            for pk in model.objects.filter(role__in=roles).values_list("pk", flat=True):
                hit = hits.setdefault(pk, Hit("contact", pk, 0.0, CONTACT_LABEL))
                hit.by_role = True
        return list(hits.values())

    def matching_roles(self, model) -> list[str]:
        """Roles whose label holds every word searched for (or a synonym of it):
        "vertrouwenspersoon", "VP", "pesten" (ongewenst gedrag)."""
        groups = analyze_query(self.query)
        roles = []
        for value, label in model._meta.get_field("role").choices or []:
            label_terms = set(analyze(str(label)))
            if groups and all(
                any(set(alternative) <= label_terms for alternative in group) for group in groups
            ):
                roles.append(value)
        return roles

    # Documents ----------------------------------------------------------------

    def document_hits(self, operator: str, visible_page_ids: callable) -> list[Hit]:
        model = get_document_model()
        queryset = model.objects.all().only("id", "collection_id")
        hidden = _hidden_collection_ids(self.request)
        if hidden:
            queryset = queryset.exclude(collection_id__in=hidden)
        found = _scored(_search(self.backend, self.query, queryset, operator), self.backend)
        if not found:
            return []
        references = self.document_references([doc.pk for doc, _ in found])
        all_page_ids = {pk for ids in references.values() for pk in ids}
        visible = visible_page_ids(all_page_ids)
        hits = []
        for doc, score in found:
            used_on = [pk for pk in references.get(doc.pk, []) if pk in visible]
            if references.get(doc.pk) and not used_on:
                continue  # only used on pages this visitor may not see
            hits.append(Hit("document", doc.pk, score, DOCUMENT_LABEL, used_on=used_on))
        return hits

    def document_references(self, document_ids: list[int]) -> dict[int, list[int]]:
        """Document pk -> pks of the pages that use it (Wagtail's reference index)."""
        document_ct = ContentType.objects.get_for_model(get_document_model())
        page_ct = ContentType.objects.get_for_model(Page)
        rows = ReferenceIndex.objects.filter(
            to_content_type=document_ct,
            to_object_id__in=[str(pk) for pk in document_ids],
            base_content_type=page_ct,
        ).values_list("to_object_id", "object_id")
        references: dict[int, list[int]] = {}
        for to_id, page_id in rows:
            ids = references.setdefault(int(to_id), [])
            if int(page_id) not in ids:
                ids.append(int(page_id))
        return references

    # All ----------------------------------------------------------------------

    def all_hits(self, prefix: bool = False) -> list[Hit]:
        """Results with all words (AND) first; when those are fewer than a page, results
        with any of the words (OR) after them; for suggestions, when there is nothing at
        all, titles starting with the words typed so far."""
        hits = self._all_hits("and")
        if len(hits) < PAGE_SIZE and len(analyze_query(self.query)) > 1:
            seen = {(h.kind, h.pk) for h in hits}
            hits += [h for h in self._all_hits("or") if (h.kind, h.pk) not in seen]
        if not hits and prefix:
            hits = self.page_hits("and", prefix=True)
        return hits

    def _all_hits(self, operator: str) -> list[Hit]:
        pages = self.page_hits(operator)

        def visible_page_ids(ids):
            if not ids:
                return set()
            return set(visible_pages(self.request).filter(pk__in=ids).values_list("pk", flat=True))

        hits = pages + self.contact_hits(operator) + self.document_hits(operator, visible_page_ids)
        order = {"page": 0, "contact": 1, "document": 2}
        hits.sort(key=lambda h: (-h.score, order[h.kind], h.pk))
        # Someone whose role is what was searched for ("vertrouwenspersoon") is a strong
        # answer whatever the scores: right after the best result.
        by_role = sorted((h for h in hits if h.by_role), key=lambda h: (-h.score, h.pk))
        if by_role:
            rest = [h for h in hits if not h.by_role]
            hits = rest[:1] + by_role + rest[1:]
        return hits


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


def highlight(text: str, terms: set[str], length: int = SNIPPET_LENGTH) -> str:
    """A window of `text` around the first matching word, matches in <mark>; safe HTML."""
    words = list(_WORD.finditer(text))

    def matches(word: str) -> bool:
        tokens = tokenize(word)
        return bool(tokens) and stem(tokens[0]) in terms

    first = next((m for m in words if matches(m.group())), None)
    start = 0
    if first is not None and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = max(text.rfind(" ", start, end), start + length // 2)
    out = []
    position = start
    for m in words:
        if m.start() < start or m.end() > end:
            continue
        if matches(m.group()):
            out.append(html.escape(text[position : m.start()]))
            out.append(f"<mark>{html.escape(m.group())}</mark>")
            position = m.end()
    out.append(html.escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out).strip() + suffix)  # noqa: S308 - escaped above


def page_date(page) -> tuple[str, date | None]:
    """The date that matters for a result: news date, version in force, or last update."""
    if isinstance(getattr(page, "date", None), date):
        return "", page.date
    version_on = getattr(page, "version_on", None)
    if callable(version_on):
        version = version_on(timezone.localdate())  # versions are loaded once per page
        if version is not None:
            return "In werking sinds", version.in_force_from
    if page.last_published_at:
        return "Bijgewerkt", timezone.localtime(page.last_published_at).date()
    return "", None


def load_hits(hits: list[Hit], searcher: Searcher) -> None:
    """Fill title, url, snippet and date of the hits on the current page (bulk queries)."""
    request = searcher.request
    page_ids = [h.pk for h in hits if h.kind == "page"]
    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).specific()} if page_ids else {}
    contact_model = _model("kennisbank.ContactPerson")
    contact_ids = [h.pk for h in hits if h.kind == "contact"]
    contacts = contact_model.objects.in_bulk(contact_ids) if contact_ids and contact_model else {}
    document_ids = [h.pk for h in hits if h.kind == "document"]
    documents = get_document_model().objects.in_bulk(document_ids) if document_ids else {}
    used_on_ids = {pk for h in hits for pk in h.used_on}
    used_on = {p.pk: p for p in Page.objects.filter(pk__in=used_on_ids)} if used_on_ids else {}
    contact_page = None
    if contacts:
        overview = _model("kennisbank.ContactOverviewPage")
        if overview is not None:
            contact_page = visible_pages(request).type(overview).first()

    for hit in hits:
        if hit.kind == "page":
            page = pages.get(hit.pk)
            if page is None:
                continue
            hit.obj, hit.title = page, page.title
            hit.url = page.get_url(request) or ""
            hit.snippet = highlight(searchable_text(page), searcher.terms)
            hit.date_label, hit.date = page_date(page)
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
                hit.url = contact_page.get_url(request) or ""
        else:
            document = documents.get(hit.pk)
            if document is None:
                continue
            hit.obj, hit.title, hit.url = document, document.title, document.url
            hit.snippet = highlight(_plain(getattr(document, "extracted_text", "")), searcher.terms)
            hit.date_label = "Toegevoegd"
            hit.date = (
                timezone.localtime(document.created_at).date() if document.created_at else None
            )
            hit.used_on = [used_on[pk] for pk in hit.used_on if pk in used_on]
    for hit in hits:
        if hit.kind == "document":
            hit.used_on = [(p.title, p.get_url(request)) for p in hit.used_on]


def run_search(
    request,
    query: str,
    type_filter="",
    theme_filter="",
    page_number=1,
    page_size=PAGE_SIZE,
    prefix=False,
):
    searcher = Searcher(request, query)
    hits = searcher.all_hits(prefix=prefix)

    def theme_ok(hit):
        return not theme_filter or str(hit.theme_id) == theme_filter

    def type_ok(hit):
        return not type_filter or hit.type_key == type_filter

    type_counts: dict[str, list] = {}
    for hit in hits:
        if theme_ok(hit):
            entry = type_counts.setdefault(hit.type_key, [hit.type_label, 0])
            entry[1] += 1
    theme_counts: dict[int, int] = {}
    for hit in hits:
        if type_ok(hit) and hit.theme_id in searcher.themes:
            theme_counts[hit.theme_id] = theme_counts.get(hit.theme_id, 0) + 1

    type_facets = sorted(
        (Facet(k, label, n, k == type_filter) for k, (label, n) in type_counts.items()),
        key=lambda f: (-f.count, f.label),
    )
    theme_facets = sorted(
        (
            Facet(str(pk), searcher.themes[pk][1], n, str(pk) == theme_filter)
            for pk, n in theme_counts.items()
        ),
        key=lambda f: (-f.count, f.label),
    )
    selected = [h for h in hits if theme_ok(h) and type_ok(h)]
    page_obj = Paginator(selected, page_size).get_page(page_number)
    load_hits(list(page_obj.object_list), searcher)
    theme_titles = {pk: title for pk, (_path, title) in searcher.themes.items()}
    for hit in page_obj.object_list:
        if not (hit.kind == "page" and hit.pk == hit.theme_id):  # a theme is not its own theme
            hit.theme = theme_titles.get(hit.theme_id)
    return SearchOutcome(query, hits, page_obj, type_facets, theme_facets, len(selected))
