"""'Cijfers opnieuw vastleggen': the coordinator takes the figures of now for a published
report on purpose (a correction in a register); the earlier ones are kept."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail.admin import messages

from . import figures
from .models import JaarverslagPage


def refreeze(request, pk: int):
    page = get_object_or_404(JaarverslagPage, pk=pk)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied("Alleen wie het jaarverslag mag publiceren, legt cijfers vast.")
    if not page.live:
        messages.error(
            request, "Dit jaarverslag is nog niet gepubliceerd: het toont de cijfers van nu."
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "POST":
        figures.freeze(page, request.user)
        messages.success(request, f"De cijfers van ‘{page.title}’ zijn opnieuw vastgelegd.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    context = {"page": page, "eerdere": page.bevroren_cijfers.all()[:10]}
    return TemplateResponse(request, "jaarverslag/admin/refreeze.html", context)


def refreeze_url(page) -> str:
    return reverse("jaarverslag_vastleggen", args=[page.pk])


urlpatterns = [path("jaarverslag/<int:pk>/vastleggen/", refreeze, name="jaarverslag_vastleggen")]
