from django.urls import path

from . import views

app_name = "meldkanaal"

# Included under /melden/ (public in INTRANET_PUBLIC_PATHS); /melden/ itself is the page.
urlpatterns = [
    path("bevestiging/", views.confirmation, name="bevestiging"),
    path("opvolgen/", views.follow_up, name="opvolgen"),
    path("opvolgen/sluiten/", views.follow_up_close, name="opvolgen-sluiten"),
]
