"""The search page `/zoeken/?q=…` and its JSON twin `/zoeken/?q=…&format=json`."""

import html

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.html import strip_tags

from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

from search.analysis import query_tokens
from search.service import (
    PAGE_SIZE,
    _model,
    promoted_picks,
    run_search,
    searchable_words,
    visible_pages,
)
from search.statistics import record_search


def promotions(request, query: str) -> list[dict]:
    """Promoted results of the Redactie for this query; pages only when this visitor sees them."""
    return [
        {
            "title": pick.title,
            "url": pick.page.get_url(request) if pick.page_id else pick.external_link_url,
            "description": pick.description,
            "page_id": pick.page_id,
        }
        for pick in promoted_picks(request, query)
    ]


def clean_query(raw: str) -> str:
    """What was typed, on one line: control characters (a NUL byte, which PostgreSQL
    refuses to store in the search statistics) become spaces, runs of spaces one."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_STRING_LENGTH]


def _page_number(value: str) -> int:
    return int(value) if value.isdigit() and 0 < int(value) < 10_000 else 1


def _json(outcome, promoted) -> dict:
    page_obj = outcome.page_obj
    return {
        "query": outcome.query,
        "corrected_query": outcome.corrected_query,
        "count": outcome.total,
        "count_is_lower_bound": outcome.capped,
        "page": page_obj.number,
        "pages": page_obj.paginator.num_pages,
        "promotions": [{key: p[key] for key in ("title", "url", "description")} for p in promoted],
        "results": [
            {
                "title": hit.title,
                "url": hit.url,
                "type": hit.type_label,
                "theme": hit.theme or "",
                "date": hit.date.isoformat() if hit.date else None,
                "snippet": html.unescape(strip_tags(hit.snippet)),
                "file": hit.file_info,
                "version": hit.version.label if hit.version is not None else None,
                "version_status": hit.version_status or None,
                "missing": hit.missing or [],
            }
            for hit in page_obj.object_list
        ],
        "filters": {
            "type": [
                {"key": f.key, "label": f.label, "count": f.count, "selected": f.selected}
                for f in outcome.type_facets
            ],
            "onderwerp": [
                {"key": f.key, "label": f.label, "count": f.count, "selected": f.selected}
                for f in outcome.theme_facets
            ],
        },
    }


def empty_reason(query: str) -> str:
    """Why a search found nothing, so the page can say what to try."""
    if not query_tokens(query):
        return "too-short"  # "a", "?", "😀": no word of two letters or more
    if not searchable_words(query):
        return "stop-words"  # "de het een": only small words
    return "no-match"


def search(request):
    """Full-text search over what this visitor may see, in Dutch."""
    query = clean_query(request.GET.get("q", ""))
    type_filter = request.GET.get("type", "").strip()[:40]
    theme_filter = request.GET.get("onderwerp", "").strip()[:12]
    wants_json = request.GET.get("format") == "json"
    page_number = _page_number(request.GET.get("pagina", "1"))
    # "Ook vervallen versies": earlier versions of policy documents are left out unless asked.
    include_superseded = request.GET.get("vervallen") == "1"

    if not query:
        if wants_json:
            return JsonResponse(
                {"query": "", "count": 0, "page": 1, "pages": 1, "results": [], "promotions": []}
            )
        return TemplateResponse(
            request, "search/search.html", {"search_query": "", "themes": themes(request)}
        )

    promoted_for: dict[str, list[dict]] = {}

    def promoted_pages(searched: str) -> set[int]:
        promoted_for[searched] = promotions(request, searched)
        return {p["page_id"] for p in promoted_for[searched] if p["page_id"]}

    outcome = run_search(
        request,
        query,
        type_filter=type_filter,
        theme_filter=theme_filter,
        page_number=page_number,
        page_size=PAGE_SIZE,
        # The suggestions under the search box ask while a word is still being typed.
        prefix=wants_json,
        # A promoted page shows once: as the Redactie's tip, not again as a result.
        shown_apart=promoted_pages,
        include_superseded=include_superseded,
    )
    searched = outcome.corrected_query or query
    if page_number == 1:
        promoted = (
            promoted_for[searched] if searched in promoted_for else promotions(request, searched)
        )
    else:
        promoted = []

    if wants_json:
        return JsonResponse(_json(outcome, promoted))

    # Count the search term (never who searched), once per search, not per page or filter.
    # A search that only found something after a spelling correction counts as found nothing:
    # the Redactie sees which words employees use that the site does not know.
    if page_number == 1 and not type_filter and not theme_filter:
        record_search(query, found=bool(outcome.hits) and not outcome.corrected_query)

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "outcome": outcome,
            "page_obj": outcome.page_obj,
            "page_links": outcome.page_obj.paginator.get_elided_page_range(
                outcome.page_obj.number, on_each_side=2, on_ends=1
            ),
            "promotions": promoted,
            "type_filter": type_filter,
            "theme_filter": theme_filter,
            "include_superseded": include_superseded,
            "suggestions": [] if outcome.hits else suggestions(request),
            "themes": [] if outcome.hits else themes(request),
            "empty_reason": "" if outcome.hits else empty_reason(query),
        },
    )


def suggestions(request) -> list[tuple[str, str]]:
    """Where to go when nothing was found: the vertrouwenspersonen and the meldkanaal."""
    out = []
    for label in ("kennisbank.ContactOverviewPage", "meldkanaal.MeldFormPage"):
        model = _model(label)
        if model is None:
            continue
        page = visible_pages(request).type(model).first()
        if page is not None:
            out.append((page.title, page.get_url(request)))
    if not any(url == settings.MELDKANAAL_PATH for _title, url in out):
        out.append(("Een vermoeden van een misstand melden", settings.MELDKANAAL_PATH))
    return out


def themes(request) -> list[tuple[str, str]]:
    """The onderwerpen, to browse when searching did not help."""
    model = _model("kennisbank.ThemePage")
    if model is None:
        return []
    pages = visible_pages(request).type(model).order_by("path")[:12]
    return [(page.title, page.get_url(request)) for page in pages]
