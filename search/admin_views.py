"""Reports for the Redactie: what employees search for, and what finds nothing.

Only counts per search term and day are stored: nobody's name or address. A search term
can itself say something about someone ("fraude jansen"), so a term shows here only once it
was searched MIN_SEARCHES times in the period; `manage.py zoektermen_opschonen` removes the
counts older than REPORT_DAYS. Wagtail's own "Search terms" report is for superusers only;
these two are for everyone with the permission `search.view_zeroresultquery` (Redactie and
Coördinator, see roles.py).
"""

import datetime

from django.db.models import Sum
from django.utils import timezone

from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query

from search.models import ZeroResultQuery

PERMISSION = "search.view_zeroresultquery"
REPORT_DAYS = 90
# A term searched by one person once or twice is not shown (it may name a colleague).
MIN_SEARCHES = 3


def _since() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=REPORT_DAYS)


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
        return Query.get_most_popular(date_since=_since()).filter(_hits__gte=MIN_SEARCHES)


class ZeroResultSearchTermsView(_SearchTermsReport):
    page_title = (
        f"Zoektermen zonder resultaat (laatste {REPORT_DAYS} dagen, {MIN_SEARCHES} keer of vaker)"
    )
    index_url_name = "search_reports:zero"
    index_results_url_name = "search_reports:zero_results"

    def get_base_queryset(self):
        return (
            ZeroResultQuery.objects.filter(date__gte=_since())
            .values("query_string")
            .annotate(_hits=Sum("hits"))
            .filter(_hits__gte=MIN_SEARCHES)
            .order_by("-_hits")
        )
