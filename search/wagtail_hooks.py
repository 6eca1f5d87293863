from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from search import admin_views
from search.models import Synoniem


class SynoniemCreateView(CreateView):
    def get_initial(self):
        # "Synoniem toevoegen" on the report of terms without results fills in the term.
        initial = super().get_initial()
        term = " ".join(self.request.GET.get("term", "").split())[:100]
        if term:
            initial["term"] = term
        return initial


class SynoniemViewSet(SnippetViewSet):
    """Synonyms go live on save, like the Redactie's promoted results: they change which
    pages a search finds, not what a page says."""

    model = Synoniem
    icon = "search"
    menu_label = "Synoniemen"
    menu_name = "synoniemen"
    add_to_settings_menu = True
    add_view_class = SynoniemCreateView
    list_display = ["term", "words"]
    search_fields = ["term", "words"]
    ordering = ["term"]


register_snippet(SynoniemViewSet)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    urls = [
        path("", admin_views.PopularSearchTermsView.as_view(), name="popular"),
        path(
            "resultaten/",
            admin_views.PopularSearchTermsView.as_view(results_only=True),
            name="popular_results",
        ),
        path("zonder-resultaat/", admin_views.ZeroResultSearchTermsView.as_view(), name="zero"),
        path(
            "zonder-resultaat/resultaten/",
            admin_views.ZeroResultSearchTermsView.as_view(results_only=True),
            name="zero_results",
        ),
    ]
    return [path("zoektermen/", include((urls, "search_reports"), namespace="search_reports"))]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_reports_menu_item")
def register_popular_search_terms_menu_item():
    return SearchReportMenuItem(
        "Populaire zoektermen",
        reverse("search_reports:popular"),
        name="popular-search-terms",
        icon_name="search",
        order=1310,
    )


@hooks.register("register_reports_menu_item")
def register_zero_result_menu_item():
    return SearchReportMenuItem(
        "Zoektermen zonder resultaat",
        reverse("search_reports:zero"),
        name="zero-result-search-terms",
        icon_name="warning",
        order=1320,
    )
