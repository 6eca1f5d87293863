"""Registering and cancelling: one POST each, a Dutch message, and back to the session."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from agenda import services
from agenda.constants import Status


def _back(request, event):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(event.get_url(request))


def change_registration(event, request, action: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_url(request))
    try:
        if action == "aanmelden":
            aanmelding = services.register(
                event.pk, request.user, wachtlijst=request.POST.get("wachtlijst") == "1"
            )
            if aanmelding.status == Status.AANGEMELD:
                messages.success(request, f"Je bent aangemeld voor ‘{event.title}’.")
            else:
                messages.success(
                    request,
                    f"Je staat op de wachtlijst voor ‘{event.title}’. Komt er een plaats vrij, "
                    "dan krijg je die en een e-mail.",
                )
        else:
            services.cancel(event.pk, request.user)
            messages.success(request, f"Je bent afgemeld voor ‘{event.title}’.")
    except services.AanmeldFout as error:
        # Nothing changed: show the session again with the reason, as a 400.
        response = event.render(request, context_overrides={"aanmeld_fout": str(error)})
        response.status_code = 400
        return response
    return _back(request, event)
