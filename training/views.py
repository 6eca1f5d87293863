"""The employee's side: marking an online module done (one POST) and 'Mijn trainingen'."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from training import services


def mark_done(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        row, created = services.mark_done(request.user, pk)
    except services.TrainingFout as error:
        # Nothing was recorded: say why, and offer the way to the own list.
        return TemplateResponse(request, "training/fout.html", {"fout": str(error)}, status=400)
    day = services.day_label(row.gedaan_op)
    if created:
        messages.success(request, f"Vastgelegd: je hebt ‘{row.module.title}’ gedaan op {day}.")
    else:
        messages.info(request, f"Dat stond al vast: je hebt ‘{row.module.title}’ gedaan op {day}.")
    return redirect(row.module.get_url(request) + "#mijn-voortgang")


def my_trainings(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return TemplateResponse(
        request, "training/mijn_trainingen.html", services.my_trainings(request.user)
    )
