from django.urls import include, path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from agenda import admin_views, services
from agenda.models import EventPage


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def register_agenda_urls():
    return [path("", include(admin_views.urlpatterns))]


@hooks.register("register_admin_menu_item")
def register_attendees_menu_item():
    return PermissionMenuItem(
        "Aanmeldingen",
        reverse("agenda_beheer"),
        icon_name="date",
        order=270,
        permission=admin_views.BEHEER,
    )


@hooks.register("register_admin_menu_item")
def register_oath_menu_item():
    return PermissionMenuItem(
        "Ambtseden",
        reverse("agenda_ambtseden"),
        icon_name="user",
        order=271,
        permission="agenda.view_ambtseed",
    )


class AgendaPanel(Component):
    """Start page of the organiser: the next sessions with registrations, oaths to come."""

    name = "agenda_komend"
    template_name = "agenda/admin/dashboard_panel.html"
    order = 120

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        now = timezone.now()
        return {
            "events": list(EventPage.objects.live().with_counts().upcoming(now)[:5]),
            "zonder_eed": services.new_employees_without_oath(now)
            if self.user.has_perm("agenda.view_ambtseed")
            else None,
            "list_url": reverse("agenda_beheer"),
        }


@hooks.register("construct_homepage_panels")
def add_agenda_panel(request, panels):
    if request.user.has_perm(admin_views.BEHEER):
        panels.append(AgendaPanel(request.user))
