from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.views.decorators.cache import cache_control


class LoginView(auth_views.LoginView):
    """The intranet login, in Dutch and in the site's own look."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    # An intranet: nothing here is for search engines.
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
