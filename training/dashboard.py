"""The Coördinator's start page in the admin (Wagtail's home panels), issue 14.

Each panel shows what its reader can act on, as counts where people are concerned:
- Herziening nodig: policy documents whose review date passed or comes within 30 days
  (the Coördinator all of them; an editor only pages they own or last edited);
- Zoektermen zonder resultaat: this month's searches that found nothing, with the search
  reports' rule that a term shows only once searched MIN_SEARCHES times;
- Verplichte trainingen: completion per mandatory module (training.services, masked);
- Meldingen: received this year and this month and overdue, counts only, masked; read through
  the meldkanaal's statistics service and its report queryset, never a report itself.
The agenda's own panel (agenda/wagtail_hooks.py) shows the coming sessions with registrations.
Medewerkers have no admin at all.
"""

import datetime

from django.db.models import Q, Sum
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component

from integriteitsplein import roles

REVIEW_NEAR_DAYS = 30
LIMIT = 6


def is_coordinator(user) -> bool:
    """Coördinator or superuser; read once per request (the panels ask several times)."""
    if not hasattr(user, "_training_is_coordinator"):
        user._training_is_coordinator = user.is_superuser or (
            user.groups.filter(name=roles.COORDINATOR).exists()
        )
    return user._training_is_coordinator


class _Panel(Component):
    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if context is None:
            return ""
        return get_template(self.template_name).render(context)


class ReviewPanel(_Panel):
    name = "training_herziening"
    template_name = "training/admin/panel_review.html"
    order = 110

    def get_context_data(self, parent_context=None):
        from kennisbank.models import PolicyDocumentPage

        today = timezone.localdate()
        pages = PolicyDocumentPage.objects.filter(
            review_date__lte=today + datetime.timedelta(days=REVIEW_NEAR_DAYS)
        ).order_by("review_date", "title")
        coordinator = is_coordinator(self.user)
        if not coordinator:
            pages = pages.filter(Q(owner=self.user) | Q(latest_revision__user=self.user))
        rows = list(pages.only("pk", "title", "review_date", "document_owner")[:LIMIT])
        if not rows and not coordinator:
            return None  # nothing of theirs: no panel
        for page in rows:
            page.verlopen = page.review_date < today
        return {
            "rows": rows,
            "total": len(rows) if len(rows) < LIMIT else pages.count(),
            "mine": not coordinator,
            "near_days": REVIEW_NEAR_DAYS,
            "report_url": reverse("kennisbank_review_overdue"),
        }


class ZeroResultPanel(_Panel):
    name = "training_zoektermen"
    template_name = "training/admin/panel_zero_results.html"
    order = 130

    def get_context_data(self, parent_context=None):
        from search.models import ZeroResultQuery
        from search.statistics import MIN_SEARCHES

        first = timezone.localdate().replace(day=1)
        terms = list(
            ZeroResultQuery.objects.filter(date__gte=first)
            .values("query_string")
            .annotate(hits=Sum("hits"))
            .filter(hits__gte=MIN_SEARCHES)
            .order_by("-hits", "query_string")
        )
        return {
            "terms": terms[:LIMIT],
            "total": len(terms),
            "min_searches": MIN_SEARCHES,
            "month": first,
            "report_url": reverse("search_reports:zero"),
        }


class TrainingPanel(_Panel):
    name = "training_voltooiing"
    template_name = "training/admin/panel_training.html"
    order = 125

    def get_context_data(self, parent_context=None):
        from training import services

        return {"rows": services.overview(), "list_url": reverse("training_overzicht")}


class ReportsPanel(_Panel):
    name = "training_meldingen"
    template_name = "training/admin/panel_reports.html"
    order = 60

    def get_context_data(self, parent_context=None):
        from meldkanaal.models import Melding
        from meldkanaal.services.statistics import published_tables, shown_count

        today = timezone.localdate()
        year = published_tables(today.year)["Totaal"][0][1]
        month = Melding.objects.filter(ontvangen_op__gte=today.replace(day=1)).count()
        overdue = Melding.objects.open().met_termijn().filter(volgende_termijn__lt=today).count()
        return {
            "year": today.year,
            "received_year": year,
            "received_month": shown_count(month),
            "overdue": shown_count(overdue),
            "statistics_url": reverse("meldkanaal_statistiek"),
        }


def panels_for(user) -> list[Component]:
    panels = []
    if user.has_perm("wagtailadmin.access_admin") and (
        is_coordinator(user) or user.has_perm("search.view_zeroresultquery")
    ):
        panels.append(ReviewPanel(user))
    if user.has_perm("search.view_zeroresultquery"):
        panels.append(ZeroResultPanel(user))
    if user.has_perm("training.beheer_afrondingen"):
        panels.append(TrainingPanel(user))
    if is_coordinator(user) and user.has_perm("meldkanaal.view_statistiek"):
        panels.append(ReportsPanel(user))
    return panels
