from django.urls import path

from . import openapi, views
from .api import api_router

urlpatterns = [
    path("api/v2/openapi.json", openapi.openapi_view, name="api_openapi"),
    path("api/v2/", api_router.urls),
    path("mijn-account/", views.mijn_account, name="mijn_account"),
    path("feeds/<str:key>/nieuws.xml", views.news_feed, name="private_news_feed"),
    path("feeds/<str:key>/agenda.ics", views.agenda_feed, name="private_agenda_feed"),
]
