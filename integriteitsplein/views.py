from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from integriteitsplein.forms import IntranetLoginForm


class LoginView(auth_views.LoginView):
    """The intranet login, in Dutch and in the site's own look."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = IntranetLoginForm

    def form_invalid(self, form):
        # A wrong name or password is bad input: a 400; a paused account: a 429.
        response = super().form_invalid(form)
        response.status_code = 429 if form.is_throttled else 400
        return response


class LogoutView(auth_views.LogoutView):
    """Log out and say so: on a shared device the reader must know the session ended."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(
            request, "Je bent uitgelogd. Sluit de browser als je een gedeelde computer gebruikt."
        )
        return response


def csrf_failure(request, reason=""):
    """A refused form (expired or missing CSRF token), explained in Dutch in the site's look.

    Django's own page is English and, with DEBUG on, technical. `reason` is not shown:
    it says nothing a reader can act on.
    """
    return render(request, "403_csrf.html", status=403)


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    # An intranet: nothing here is for search engines.
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
