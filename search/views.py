from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from wagtail.models import Page


def search(request):
    """Full-text search over the live pages this visitor may see."""
    search_query = request.GET.get("q", "").strip()
    results = Page.objects.live().public().search(search_query) if search_query else []
    page_obj = Paginator(results, 10).get_page(request.GET.get("pagina"))
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": search_query, "page_obj": page_obj},
    )
