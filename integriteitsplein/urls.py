from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from integriteitsplein import views

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("inloggen/tweede-stap/", views.second_factor, name="second_factor"),
    path("inloggen/tweede-stap/instellen/", views.second_factor_setup, name="second_factor_setup"),
    path("sso/", include("sso.urls")),
    path("robots.txt", views.robots_txt),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("zoeken/", include("search.urls")),
    # Voting on a poll (the poll itself is shown by the pages that place it).
    path("peiling/", include("meedoen.urls")),
    # Mandatory training: the employee's own list and marking an e-learning done.
    path("mijn-trainingen/", include("training.urls")),
    # The meldkanaal's own pages under MELDKANAAL_PATH (the form itself is the Wagtail page
    # there; load_demo gives it that slug).
    path(settings.MELDKANAAL_PATH.lstrip("/"), include("meldkanaal.urls")),
    # The read API (/api/v2/) and the private feed addresses (/feeds/…).
    path("", include("koppelingen.urls")),
]

# Media (images) are served by Django behind the intranet login, not by a public web
# server: an intranet's pictures are not for the outside world, except the renditions an open
# page shows (IntranetLoginMiddleware, open_media.py). Documents only through /documenten/.
urlpatterns += [re_path(r"^media/(?P<path>.*)$", views.media)]

if settings.BENCH_BASELINE:  # `make bench` only: what Django alone costs, beside the pages
    urlpatterns += [path("bench/baseline/", views.bench_baseline)]

# Wagtail's page serving comes last: it catches every other path.
urlpatterns += [path("", include(wagtail_urls))]

# A 503 in Dutch when the database is away (integriteitsplein.views.server_error).
handler500 = "integriteitsplein.views.server_error"
