from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from vertrouwenspersonen import admin_views
from vertrouwenspersonen.access import is_vertrouwenspersoon


class VertrouwenspersoonMenuItem(MenuItem):
    def is_shown(self, request):
        return is_vertrouwenspersoon(request.user)


@hooks.register("register_admin_urls")
def register_kwestie_urls():
    return [path("", include(admin_views.urlpatterns))]


@hooks.register("register_admin_menu_item")
def register_kwestie_menu_item():
    return VertrouwenspersoonMenuItem(
        "Kwesties", reverse("vertrouwenspersonen_kwesties"), icon_name="help", order=280
    )
