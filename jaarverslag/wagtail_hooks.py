from django.urls import include, path

from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_views
from .models import JaarverslagPage


@hooks.register("register_admin_urls")
def register_jaarverslag_urls():
    return [path("", include(admin_views.urlpatterns))]


@hooks.register("register_page_header_buttons")
def refreeze_button(page, user, view_name=None, next_url=None):
    if (
        isinstance(page.specific_deferred, JaarverslagPage)
        and page.live
        and page.permissions_for_user(user).can_publish()
    ):
        yield Button(
            "Cijfers opnieuw vastleggen",
            admin_views.refreeze_url(page),
            icon_name="table",
            priority=80,
        )
