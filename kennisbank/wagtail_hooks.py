"""Admin of the kennisbank: contact persons as snippets, and the review report."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from kennisbank.models import ContactPerson, PolicyDocumentPage


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "group"
    menu_label = "Contactpersonen"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "role", "external_label", "phone_label", "email", LiveStatusTagColumn()]
    list_filter = ["role", "is_external"]
    ordering = ["role", "name"]


register_snippet(ContactPersonViewSet)


def _owner_choices():
    owners = PolicyDocumentPage.objects.order_by("document_owner").values_list(
        "document_owner", flat=True
    )
    return [(owner, owner) for owner in dict.fromkeys(owners)]


class ReviewOverdueFilterSet(WagtailFilterSet):
    """An owner looks for their own documents."""

    document_owner = django_filters.ChoiceFilter(label="Eigenaar", choices=_owner_choices)

    class Meta:
        model = PolicyDocumentPage
        fields = ["document_owner"]


# The report is for those who keep the pages (Redactie, Coördinator), not for the meldpunt,
# which has the admin for its cases only.
REVIEW_PERMISSIONS = ["change", "publish"]


class ReviewOverdueView(PageReportView):
    """Policy documents whose review date has passed: the owner should look at them."""

    filterset_class = ReviewOverdueFilterSet
    any_permission_required = REVIEW_PERMISSIONS

    page_title = "Herziening nodig"
    header_icon = "date"
    results_template_name = "kennisbank/admin/review_overdue_results.html"
    index_url_name = "kennisbank_review_overdue"
    index_results_url_name = "kennisbank_review_overdue_results"
    list_export = ["title", "document_owner", "review_date", "status_string"]
    export_headings = {
        "title": "Titel",
        "document_owner": "Eigenaar",
        "review_date": "Herzien uiterlijk op",
        "status_string": "Status",
    }

    def get_filename(self):
        return f"herziening-nodig-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        self.queryset = PolicyDocumentPage.objects.overdue_for_review(timezone.localdate())
        return super().get_queryset()


@hooks.register("register_admin_urls")
def register_review_overdue_urls():
    return [
        path(
            "rapporten/herziening-nodig/",
            ReviewOverdueView.as_view(),
            name="kennisbank_review_overdue",
        ),
        path(
            "rapporten/herziening-nodig/resultaten/",
            ReviewOverdueView.as_view(results_only=True),
            name="kennisbank_review_overdue_results",
        ),
    ]


class ReviewOverdueMenuItem(MenuItem):
    def is_shown(self, request):
        policy = policy_registry.get_by_type(Page)
        return policy.user_has_any_permission(request.user, REVIEW_PERMISSIONS)


@hooks.register("register_reports_menu_item")
def register_review_overdue_menu_item():
    return ReviewOverdueMenuItem(
        "Herziening nodig",
        reverse("kennisbank_review_overdue"),
        name="herziening-nodig",
        icon_name="date",
        order=150,
    )


# --- approving a policy document: the changes word by word ------------------------------


@hooks.register("register_admin_urls")
def register_policy_changes_url():
    from kennisbank.admin_views import policy_changes

    return [
        path(
            "beleid/<int:page_id>/wijzigingen/",
            policy_changes,
            name="kennisbank_policy_changes",
        )
    ]


@hooks.register("insert_global_admin_css")
def admin_compare_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-compare.css"))


@hooks.register("insert_global_admin_js")
def draftail_save_on_submit_js():
    """Rich text typed just before a save is sent with it (see the script's comment)."""
    return format_html('<script src="{}"></script>', static("js/admin-draftail-save.js"))
