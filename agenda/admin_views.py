"""The organiser's views in the admin: sessions with counts, attendees, CSV, the oath register."""

import csv

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from wagtail.admin import messages

from agenda import services
from agenda.constants import EedVorm, Status
from agenda.models import EventPage

BEHEER = "agenda.beheer_aanmeldingen"


def _csv_response(filename: str) -> tuple[HttpResponse, "csv.writer"]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    return response, csv.writer(response, delimiter=";")


@permission_required(BEHEER, raise_exception=True)
def event_list(request):
    now = timezone.now()
    events = EventPage.objects.with_counts()
    context = {
        "komend": list(events.upcoming(now)),
        "geweest": list(events.past(now)[:50]),
        "zonder_eed": services.new_employees_without_oath(now)
        if request.user.has_perm("agenda.view_ambtseed")
        else None,
    }
    return TemplateResponse(request, "agenda/admin/event_list.html", context)


@permission_required(BEHEER, raise_exception=True)
def attendees(request, pk: int):
    event = get_object_or_404(EventPage, pk=pk)
    status = 200
    if request.method == "POST":
        present = request.POST.getlist("aanwezig")
        eden = {
            key.removeprefix("eed-"): value
            for key, value in request.POST.items()
            if key.startswith("eed-")
        }
        try:
            count = services.record_attendance(event, present, eden, request.user)
        except services.AanmeldFout as error:
            messages.error(request, str(error))
            status = 400
        else:
            text = "Aanwezigheid opgeslagen."
            if event.is_oath_session:
                text += f" Afgelegde eden en beloften bij deze bijeenkomst: {count}."
            messages.success(request, text)
            return redirect("agenda_deelnemers", pk=event.pk)
    rows = list(services.attendees(event))
    eden = {eed.user_id: eed for eed in event.ambtseden.all()}
    for row in rows:
        row.eed = eden.get(row.user_id)
    context = {
        "event": event,
        "aangemeld": [row for row in rows if row.status == Status.AANGEMELD],
        "wachtlijst": [row for row in rows if row.status == Status.WACHTLIJST],
        "has_started": timezone.now() >= event.start,
        "eed_vormen": EedVorm.choices,
        "eden_count": len(eden),
    }
    return TemplateResponse(request, "agenda/admin/attendees.html", context, status=status)


@permission_required(BEHEER, raise_exception=True)
def attendees_csv(request, pk: int):
    event = get_object_or_404(EventPage, pk=pk)
    response, writer = _csv_response(f"deelnemers-{event.slug}.csv")
    writer.writerow(["naam", "e-mail", "status", "aangemeld op", "aanwezig", "ambtseed"])
    eden = {eed.user_id: eed for eed in event.ambtseden.all()}
    for row in services.attendees(event):
        eed = eden.get(row.user_id)
        writer.writerow(
            [
                row.user.get_full_name() or row.user.get_username(),
                row.user.email,
                row.get_status_display(),
                timezone.localtime(row.aangemeld_op).strftime("%d-%m-%Y %H:%M"),
                {True: "ja", False: "nee", None: ""}[row.aanwezig],
                eed.get_vorm_display() if eed else "",
            ]
        )
    return response


@permission_required("agenda.view_ambtseed", raise_exception=True)
def oath_register(request):
    context = {
        "eden": list(services.oath_register()[:500]),
        "zonder_eed": services.new_employees_without_oath(),
        "csv_url": reverse("agenda_ambtseden_csv"),
    }
    return TemplateResponse(request, "agenda/admin/oath_register.html", context)


@permission_required("agenda.view_ambtseed", raise_exception=True)
def oath_register_csv(request):
    response, writer = _csv_response("ambtseden.csv")
    writer.writerow(
        ["gebruikersnaam", "naam", "e-mail", "eed of belofte", "afgelegd op", "bijeenkomst"]
    )
    for eed in services.oath_register():
        writer.writerow(
            [
                eed.user.get_username(),
                eed.user.get_full_name(),
                eed.user.email,
                eed.get_vorm_display(),
                eed.afgelegd_op.strftime("%d-%m-%Y"),
                eed.bijeenkomst.title if eed.bijeenkomst else "",
            ]
        )
    return response


urlpatterns = [
    path("agenda/", event_list, name="agenda_beheer"),
    path("agenda/<int:pk>/deelnemers/", attendees, name="agenda_deelnemers"),
    path("agenda/<int:pk>/deelnemers.csv", attendees_csv, name="agenda_deelnemers_csv"),
    path("agenda/ambtseden/", oath_register, name="agenda_ambtseden"),
    path("agenda/ambtseden.csv", oath_register_csv, name="agenda_ambtseden_csv"),
]
