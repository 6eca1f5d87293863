from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from training import admin_views, dashboard
from training.models import Afdeling, Profiel


class TrainingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.BEHEER)


@hooks.register("register_admin_urls")
def register_training_urls():
    return [path("", include(admin_views.urlpatterns))]


@hooks.register("register_admin_menu_item")
def register_training_menu_item():
    return TrainingMenuItem(
        "Verplichte trainingen",
        reverse("training_overzicht"),
        name="verplichte-trainingen",
        icon_name="success",
        order=272,
    )


class AfdelingViewSet(ModelViewSet):
    model = Afdeling
    icon = "group"
    menu_label = "Afdelingen"
    name = "afdelingen"
    form_fields = ["naam"]
    list_display = ["naam"]
    search_fields = ["naam"]


class ProfielViewSet(ModelViewSet):
    model = Profiel
    icon = "user"
    menu_label = "Afdeling per medewerker"
    name = "afdeling-per-medewerker"
    form_fields = ["user", "afdeling", "leidinggevende"]
    list_display = ["user", "afdeling", "leidinggevende"]
    list_filter = ["afdeling", "leidinggevende"]
    search_fields = ["user__username", "user__last_name"]


class AfdelingenGroup(ViewSetGroup):
    menu_label = "Afdelingen"
    menu_icon = "group"
    menu_order = 273
    items = (AfdelingViewSet, ProfielViewSet)


@hooks.register("register_admin_viewset")
def register_afdelingen():
    return AfdelingenGroup()


@hooks.register("construct_homepage_panels")
def add_coordinator_panels(request, panels):
    panels.extend(dashboard.panels_for(request.user))
