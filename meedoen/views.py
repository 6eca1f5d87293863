"""Voting: one POST, then back to the page the poll is on, now with the result."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

from meedoen import services


def _safe_next(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def vote(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = _safe_next(request)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    try:
        services.vote(pk, request.POST.get("antwoord"), request.user)
    except services.StemFout as error:
        # Nothing was counted: say why, and offer the way back.
        return TemplateResponse(
            request,
            "meedoen/stem_fout.html",
            {"fout": str(error), "terug": back},
            status=error.status,
        )
    messages.success(
        request, "Dank je wel! Je stem is geteld. Hieronder zie je de uitslag tot nu toe."
    )
    return redirect(f"{back.split('#')[0]}#peiling-{pk}")
