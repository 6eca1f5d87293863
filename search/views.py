"""The search page `/zoeken/?q=…` and its JSON twin `/zoeken/?q=…&format=json`."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.html import strip_tags

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from search.models import ZeroResultQuery
from search.service import run_search, visible_pages

JSON_RESULTS = 8


def promotions(request, query: str) -> list[dict]:
    """Promoted results of the Redactie for this query; pages only when this visitor sees them."""
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")
    )
    page_ids = [p.page_id for p in picks if p.page_id]
    visible = (
        set(visible_pages(request).filter(pk__in=page_ids).values_list("pk", flat=True))
        if page_ids
        else set()
    )
    out = []
    for pick in picks:
        if pick.page_id:
            if pick.page_id not in visible:
                continue
            url = pick.page.get_url(request)
        else:
            url = pick.external_link_url
        out.append({"title": pick.title, "url": url, "description": pick.description})
    return out


def _page_number(value: str) -> int:
    return int(value) if value.isdigit() and 0 < int(value) < 10_000 else 1


def search(request):
    """Full-text search over what this visitor may see, in Dutch."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_STRING_LENGTH]
    type_filter = request.GET.get("type", "").strip()[:40]
    theme_filter = request.GET.get("onderwerp", "").strip()[:12]
    wants_json = request.GET.get("format") == "json"

    if not query:
        if wants_json:
            return JsonResponse({"query": "", "count": 0, "results": []})
        return TemplateResponse(request, "search/search.html", {"search_query": ""})

    page_number = _page_number(request.GET.get("pagina", "1"))
    outcome = run_search(
        request,
        query,
        type_filter=type_filter,
        theme_filter=theme_filter,
        page_number=1 if wants_json else page_number,
        page_size=JSON_RESULTS if wants_json else 10,
        prefix=wants_json,
    )

    if wants_json:
        return JsonResponse(
            {
                "query": query,
                "count": outcome.total,
                "results": [
                    {
                        "title": hit.title,
                        "url": hit.url,
                        "type": hit.type_label,
                        "snippet": strip_tags(hit.snippet),
                    }
                    for hit in outcome.page_obj.object_list
                ],
            }
        )

    # Count the search term (never who searched), once per search, not per page or filter.
    if page_number == 1 and not type_filter and not theme_filter:
        Query.get(query).add_hit()
        if not outcome.hits:
            ZeroResultQuery.add_hit(query)

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "outcome": outcome,
            "page_obj": outcome.page_obj,
            "promotions": promotions(request, query) if page_number == 1 else [],
            "type_filter": type_filter,
            "theme_filter": theme_filter,
            "suggestions": [] if outcome.hits else suggestions(request),
        },
    )


def suggestions(request) -> list[tuple[str, str]]:
    """Where to go when nothing was found: the vertrouwenspersonen and the meldkanaal."""
    from django.apps import apps

    out = []
    for label in ("kennisbank.ContactOverviewPage", "meldkanaal.MeldFormPage"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        page = visible_pages(request).type(model).first()
        if page is not None:
            out.append((page.title, page.get_url(request)))
    if not any(url == "/melden/" for _title, url in out):
        out.append(("Een vermoeden van een misstand melden", "/melden/"))
    return out
