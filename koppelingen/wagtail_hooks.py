from django.urls import path

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from . import views
from .models import Koppeling


class KoppelingViewSet(ModelViewSet):
    """Koppelingen in the admin, for the Coördinator: create one, renew or revoke its key."""

    model = Koppeling
    icon = "link"
    menu_label = "Koppelingen"
    add_to_admin_menu = False
    form_fields = ["naam", "omschrijving"]
    list_display = ["naam", "sleutel_begin", "aangemaakt_op", "laatst_gebruikt_op", "status"]
    add_view_class = views.KoppelingCreateView
    copy_view_enabled = False
    inspect_view_enabled = False
    name = "koppelingen"
    edit_template_name = "koppelingen/admin/edit.html"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/nieuwe-sleutel/", views.renew_key, name="renew"),
            path("<int:pk>/intrekken/", views.revoke, name="revoke"),
        ]


koppeling_viewset = KoppelingViewSet()


@hooks.register("register_admin_viewset")
def register_koppelingen():
    return koppeling_viewset


@hooks.register("register_settings_menu_item")
def koppelingen_menu_item():
    from wagtail.admin.menu import MenuItem

    class KoppelingenMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("koppelingen.view_koppeling")

    return KoppelingenMenuItem(
        "Koppelingen (API)", koppeling_viewset.menu_url, icon_name="link", order=900
    )
