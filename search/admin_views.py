"""Reports for the Redactie: what employees search for, and what finds nothing.

Only counts per search term and day are stored: nobody's name or address. A search term
can itself say something about someone ("fraude jansen"), so a term shows here only once it
was searched MIN_SEARCHES times in the period (search/statistics.py keeps Wagtail's own views
to the same rule); `manage.py zoektermen_opschonen` removes the counts older than
REPORT_DAYS. Wagtail's own "Search terms" report is for superusers only; these two are for
everyone with the permission `search.view_zeroresultquery` (Redactie and Coördinator, see
roles.py).
"""

from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView

from search.models import SearchCount, Synoniem, ZeroResultQuery
from search.statistics import MIN_SEARCHES, REPORT_DAYS, report_since

PERMISSION = "search.view_zeroresultquery"


def _terms_shown(model):
    """Terms searched MIN_SEARCHES times or more in the period, most searched first."""
    return (
        model.objects.filter(date__gte=report_since())
        .values("query_string")
        .annotate(_hits=Sum("hits"))
        .filter(_hits__gte=MIN_SEARCHES)
        .order_by("-_hits", "query_string")
    )


class _SearchTermsReport(ReportView):
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    default_ordering = "-_hits"
    columns = [
        Column("query_string", label="Zoekterm", sort_key="query_string"),
        NumberColumn("_hits", label="Aantal keer gezocht", sort_key="_hits"),
    ]
    list_export = ["query_string", "_hits"]
    export_headings = {"query_string": "Zoekterm", "_hits": "Aantal keer gezocht"}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class PopularSearchTermsView(_SearchTermsReport):
    page_title = f"Populaire zoektermen (laatste {REPORT_DAYS} dagen, {MIN_SEARCHES} keer of vaker)"
    index_url_name = "search_reports:popular"
    index_results_url_name = "search_reports:popular_results"

    def get_base_queryset(self):
        return _terms_shown(SearchCount)


def terms_with_synonym(request) -> set[str]:
    """Terms (lower case, as counted) the Redactie's list already has, either way; read
    once per request."""
    if not hasattr(request, "_terms_with_synonym"):
        terms = set()
        for synonym in Synoniem.objects.all():
            terms.add(synonym.term.lower())
            terms.update(word.lower() for word in synonym.word_list)
        request._terms_with_synonym = terms
    return request._terms_with_synonym


class SynonymSuggestionColumn(Column):
    """For a term that found nothing: a link to add a synonym for it, filled in. Employees
    use other words than the texts ("declaratie" for "onkosten"); a synonym answers them."""

    cell_template_name = "search/admin/synonym_suggestion_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        term = instance["query_string"]
        request = parent_context.get("request")
        known = terms_with_synonym(request)
        context["term"] = term
        context["has_synonym"] = term in known
        if term not in known and request and request.user.has_perm("search.add_synoniem"):
            add = reverse(Synoniem.snippet_viewset.get_url_name("add"))
            context["add_url"] = f"{add}?{urlencode({'term': term})}"
        return context


class ZeroResultSearchTermsView(_SearchTermsReport):
    page_title = (
        f"Zoektermen zonder resultaat (laatste {REPORT_DAYS} dagen, {MIN_SEARCHES} keer of vaker)"
    )
    index_url_name = "search_reports:zero"
    index_results_url_name = "search_reports:zero_results"
    columns = [
        *_SearchTermsReport.columns,
        SynonymSuggestionColumn("suggestion", label="Voorstel", accessor="query_string"),
    ]

    def get_base_queryset(self):
        return _terms_shown(ZeroResultQuery)
