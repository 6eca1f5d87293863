"""The team side of the meldkanaal in the Wagtail admin (wagtail-modeladmin).

Only active members of a report's team see it, in the list as well
(`Melding.objects.visible_to`); a superuser sees no reports at all. The Coördinator sees
counts. Teams and the security log are under the same menu (team_views.py). Create, edit,
delete and history views are not registered at all: a report changes only through the
actions in admin_views.py, which audit each step.
"""

from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import IndexView, InspectView

from . import admin_views, services, team_views
from .accounts import BULK_ACTIONS
from .admin_forms import RouteForm
from .constants import Soort
from .models import Melding, Route
from .models.melding import URGENCY_ORDER
from .security_log import record_refusal, refuse


class MeldingPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return services.is_team_member(user)

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return services.is_team_member(user, obj)

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class MeldingButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        if not self.permission_helper.user_can_inspect_obj(self.request.user, obj):
            return []
        button = self.inspect_button(obj.pk, classnames_add=classnames_add)
        button["label"] = "Openen"
        button["title"] = f"Melding {obj.nummer} openen"
        return [button]


class MeldingIndexView(IndexView):
    # Only the filters offered in the sidebar. Modeladmin would otherwise turn any other
    # query parameter into a database lookup, so that a superuser could select reports by
    # identity (?identiteit=anoniem), by who read them, or by ciphertext length.
    ALLOWED_FILTERS = ("status__exact", "soort__exact")

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        return {k: v for k, v in lookup_params.items() if k in self.ALLOWED_FILTERS}

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_helper.user_can_list(request.user):
            refuse(request.user, "lijst met meldingen")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return "Meldingen"

    @cached_property
    def user_teams(self):
        return services.user_teams(self.request.user)

    @cached_property
    def uitgesloten(self):
        """Cases of the user's teams they are excluded from: number and status only."""
        return list(
            Melding.objects.excluded_for(self.request.user)
            .open()
            .only("pk", "nummer", "status")
            .order_by("-jaar", "-volgnummer")
        )


class MeldingInspectView(InspectView):
    """The case file: decrypted content, attachments, messages, actions, audit trail."""

    def dispatch(self, request, *args, **kwargs):
        if services.is_excluded(request.user, self.instance):
            # A member excluded from this case learns that it exists and where it stands,
            # nothing of its content; the attempt is in the security log.
            record_refusal(
                request.user,
                f"melding {self.instance.nummer} (uitgesloten van deze melding)",
                team=self.instance.team,
            )
            response = TemplateResponse(
                request,
                "meldkanaal/admin/uitgesloten.html",
                {"melding": self.instance},
                status=403,
            )
            response["Cache-Control"] = "no-store, private"
            return response
        services.check_team(request.user, self.instance)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        services.record_read(request.user, self.instance)
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        return response

    def get_template_names(self):
        return ["meldkanaal/admin/inspect.html"]

    def get_context_data(self, **kwargs):
        return admin_views.case_context(
            self.request, self.instance, super().get_context_data(**kwargs)
        )


class MeldingAdmin(ModelAdmin):
    model = Melding
    menu_label = "Meldingen"
    menu_icon = "warning"
    menu_order = 100
    add_to_settings_menu = False
    inspect_view_enabled = True
    history_view_enabled = False
    index_view_class = MeldingIndexView
    inspect_view_class = MeldingInspectView
    permission_helper_class = MeldingPermissionHelper
    button_helper_class = MeldingButtonHelper
    index_template_name = "meldkanaal/admin/index.html"
    index_view_extra_css = ["meldkanaal/admin.css"]
    list_display = (
        "nummer",
        "soort",
        "status",
        "behandelaar_kolom",
        "ontvangen_kolom",
        "bevestigen_kolom",
        "terugkoppeling_kolom",
        "termijn_kolom",
    )
    list_filter = ("status", "soort")
    search_fields = ("nummer",)
    list_per_page = 50

    def get_queryset(self, request):
        return (
            Melding.objects.visible_to(request.user)
            .select_related("team", "behandelaar")
            .met_aandacht()
        )

    def get_ordering(self, request):
        # What needs attention first (a new message from the reporter, a deadline passed
        # or near, no behandelaar in time), then by deadline, then the newest.
        return list(URGENCY_ORDER)

    def behandelaar_kolom(self, obj):
        if obj.behandelaar_id:
            return obj.behandelaar.get_full_name() or obj.behandelaar.get_username()
        return "Nog niemand"

    behandelaar_kolom.short_description = "Behandelaar"

    @staticmethod
    def _date_cell(day, done):
        if done:
            return format_html(
                "{} <small>(gedaan {})</small>", f"{day:%d-%m-%Y}", f"{done:%d-%m-%Y}"
            )
        return f"{day:%d-%m-%Y}"

    def ontvangen_kolom(self, obj):
        return f"{obj.ontvangen_op:%d-%m-%Y}"

    ontvangen_kolom.short_description = "Ontvangen"
    ontvangen_kolom.admin_order_field = "ontvangen_op"

    def bevestigen_kolom(self, obj):
        return self._date_cell(obj.bevestigen_voor, obj.ontvangst_bevestigd_op)

    bevestigen_kolom.short_description = "Ontvangst bevestigen vóór"

    def terugkoppeling_kolom(self, obj):
        return self._date_cell(obj.terugkoppeling_voor, obj.terugkoppeling_gegeven_op)

    terugkoppeling_kolom.short_description = "Terugkoppeling vóór"

    def termijn_kolom(self, obj):
        """Words, not colour alone: what needs attention, each as its own tag."""
        tags = []
        if obj.nieuw_van_melder:
            tags.append(("nieuw", "✉ Nieuw bericht van melder"))
        state = obj.termijn_status()
        if state == "te laat":
            tags.append(("te-laat", "⚠ Te laat"))
        elif state == "bijna":
            tags.append(("bijna", "Bijna verlopen"))
        if obj.mist_behandelaar():
            tags.append(("te-laat", "⚠ Geen behandelaar"))
        if not tags:
            return "Afgesloten" if obj.is_gesloten else "Op tijd"
        return format_html_join(
            " ", '<span class="meldkanaal-tag meldkanaal-tag--{}">{}</span>', tags
        )

    termijn_kolom.short_description = "Aandacht"

    def get_admin_urls_for_registration(self):
        # Only the list and the case file; no create, edit, delete or history views.
        urls = (
            path(
                "meldkanaal/melding/",
                self.index_view,
                name=self.url_helper.get_action_url_name("index"),
            ),
            # Digits only (modeladmin wants the pk as a string): "inspect/abc/" is a 404.
            re_path(
                r"^meldkanaal/melding/inspect/(?P<instance_pk>[0-9]+)/$",
                self.inspect_view,
                name=self.url_helper.get_action_url_name("inspect"),
            ),
        )
        return urls + tuple(admin_views.urlpatterns) + tuple(team_views.urlpatterns)


class RoutePermissionHelper(PermissionHelper):
    """Routes decide which team reads a report, so only a beheerder of a team edits them. A
    superuser is not one by being a superuser: otherwise they could route new reports to a
    team of their own."""

    def user_has_specific_permission(self, user, perm_codename):
        return services.is_beheerder(user)

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_create(self, user):
        # Every kind has its route (teams.ensure_defaults): a new one would be a second.
        if Route.objects.count() >= len(Soort.values):
            return False
        return super().user_can_create(user)


class RouteAdmin(ModelAdmin):
    model = Route
    menu_label = "Routes"
    menu_icon = "redirect"
    menu_order = 200
    list_display = ("soort", "team")
    permission_helper_class = RoutePermissionHelper
    edit_handler = ObjectList([FieldPanel("soort"), FieldPanel("team")], base_form_class=RouteForm)


class TeamMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(services.user_teams(request.user))


class BeheerderMenuItem(MenuItem):
    def is_shown(self, request):
        return services.is_beheerder(request.user)


class MeldkanaalGroup(ModelAdminGroup):
    menu_label = "Meldkanaal"
    menu_icon = "warning"
    menu_order = 250
    items = (MeldingAdmin, RouteAdmin)

    def get_submenu_items(self):
        return [
            *super().get_submenu_items(),
            TeamMenuItem(
                "Mondelinge melding vastleggen",
                reverse("meldkanaal_mondeling"),
                icon_name="edit",
                order=300,
            ),
            TeamMenuItem("Teams", reverse("meldkanaal_teams"), icon_name="group", order=400),
            BeheerderMenuItem(
                "Beveiligingslog",
                reverse("meldkanaal_beveiligingslog"),
                icon_name="lock",
                order=500,
            ),
        ]


modeladmin_register(MeldkanaalGroup)


class StatistiekMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("meldkanaal.view_statistiek")


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatistiekMenuItem(
        "Meldingen in cijfers",
        reverse("meldkanaal_statistiek"),
        icon_name="table",
        order=260,
    )


class TeamTermijnenPanel(Component):
    """On the admin's start page: the open reports of the user's teams, deadlines first.

    Only case numbers, kinds and dates: the same as the list, never content. Shown to team
    members only; for everyone else the panel is not there at all.
    """

    name = "meldkanaal_termijnen"
    template_name = "meldkanaal/admin/dashboard_panel.html"
    order = 50  # above Wagtail's own panels: a legal deadline beats a page draft
    limit = 5

    class Media:
        css = {"all": ["meldkanaal/admin.css"]}

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        open_reports = Melding.objects.visible_to(self.user).open()
        counts = open_reports.met_aandacht(today).aggregate(
            open_count=Count("pk"),
            nieuw_count=Count("pk", filter=Q(nieuw_van_melder=True)),
            zonder_behandelaar_count=Count("pk", filter=Q(zonder_behandelaar=True)),
        )
        urgent = list(
            open_reports.urgentie_eerst(today)
            .select_related("behandelaar")
            .filter(aandacht=0)[: self.limit]
        )
        for melding in urgent:
            melding.termijn = melding.termijn_status(today)
            melding.inspect_url = admin_views.inspect_url(melding)
        return {
            "urgent": urgent,
            **counts,
            "uitgesloten_count": Melding.objects.excluded_for(self.user).open().count(),
            "list_url": reverse("meldkanaal_melding_modeladmin_index"),
        }

    def render_html(self, parent_context=None):
        if not services.is_team_member(self.user):
            return ""
        return super().render_html(parent_context)


# After Wagtail's own user bulk actions (order 0), so that these replace them: they leave
# team members' accounts alone (accounts.py).
for _action in BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=100)


@hooks.register("construct_homepage_panels")
def add_team_deadlines_panel(request, panels):
    panels.append(TeamTermijnenPanel(request.user))
