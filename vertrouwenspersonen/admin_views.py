"""The kwestieregistratie in the admin: only for vertrouwenspersonen.

Own small views instead of a Wagtail ModelViewSet: the viewset's create/edit views write a
log entry with the moment of saving, which would put the day of the conversation back next
to its subject. These views keep no log and show no dates.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from wagtail.admin import messages

from vertrouwenspersonen.access import is_vertrouwenspersoon
from vertrouwenspersonen.forms import KwestieForm
from vertrouwenspersonen.models import Kwestie

ONLY_VERTROUWENSPERSONEN = "Alleen vertrouwenspersonen zien de kwestieregistratie."


def _check(request):
    if not is_vertrouwenspersoon(request.user):
        raise PermissionDenied(ONLY_VERTROUWENSPERSONEN)


def _no_store(response):
    response["Cache-Control"] = "no-store, private"
    return response


def kwestie_list(request):
    _check(request)
    with_rows = set(Kwestie.objects.visible_to(request.user).values_list("jaar", flat=True))
    years = sorted(with_rows | {timezone.localdate().year}, reverse=True)
    default = max(with_rows) if with_rows else years[0]
    try:
        jaar = int(request.GET.get("jaar", default))
    except ValueError:
        jaar = default
    if jaar not in years:
        jaar = default
    rows = list(Kwestie.objects.visible_to(request.user).filter(jaar=jaar))
    per_onderwerp = (
        Kwestie.objects.visible_to(request.user)
        .filter(jaar=jaar)
        .values("onderwerp")
        .annotate(aantal=Count("pk"))
        .order_by("onderwerp")
    )
    labels = dict(Kwestie._meta.get_field("onderwerp").choices)
    context = {
        "jaar": jaar,
        "jaren": years,
        "kwesties": rows,
        "per_onderwerp": [(labels[r["onderwerp"]], r["aantal"]) for r in per_onderwerp],
    }
    return _no_store(TemplateResponse(request, "vertrouwenspersonen/admin/list.html", context))


def _form_view(request, kwestie=None):
    _check(request)
    if kwestie is not None and kwestie.vertrouwenspersoon_id != request.user.pk:
        raise PermissionDenied("Je kunt alleen kwesties wijzigen die je zelf hebt vastgelegd.")
    form = KwestieForm(request.POST or None, instance=kwestie)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.vertrouwenspersoon = request.user
        saved.save()
        messages.success(request, f"Kwestie vastgelegd: {saved}.")
        if "nog_een" in request.POST:
            return redirect("vertrouwenspersonen_kwestie_nieuw")
        return redirect(f"{reverse('vertrouwenspersonen_kwesties')}?jaar={saved.jaar}")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "kwestie": kwestie}
    return _no_store(
        TemplateResponse(request, "vertrouwenspersonen/admin/form.html", context, status=status)
    )


def kwestie_add(request):
    return _form_view(request)


def kwestie_edit(request, pk: int):
    _check(request)
    return _form_view(request, get_object_or_404(Kwestie.objects.visible_to(request.user), pk=pk))


def kwestie_delete(request, pk: int):
    _check(request)
    kwestie = get_object_or_404(Kwestie.objects.visible_to(request.user), pk=pk)
    if kwestie.vertrouwenspersoon_id != request.user.pk:
        raise PermissionDenied("Je kunt alleen kwesties verwijderen die je zelf hebt vastgelegd.")
    if request.method == "POST":
        jaar = kwestie.jaar
        kwestie.delete()
        messages.success(request, "Kwestie verwijderd.")
        return redirect(f"{reverse('vertrouwenspersonen_kwesties')}?jaar={jaar}")
    return _no_store(
        TemplateResponse(request, "vertrouwenspersonen/admin/delete.html", {"kwestie": kwestie})
    )


urlpatterns = [
    path("kwesties/", kwestie_list, name="vertrouwenspersonen_kwesties"),
    path("kwesties/nieuw/", kwestie_add, name="vertrouwenspersonen_kwestie_nieuw"),
    path("kwesties/<int:pk>/", kwestie_edit, name="vertrouwenspersonen_kwestie_bewerk"),
    path(
        "kwesties/<int:pk>/verwijderen/",
        kwestie_delete,
        name="vertrouwenspersonen_kwestie_verwijder",
    ),
]
