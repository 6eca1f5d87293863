"""Team actions on a case, attachment downloads, oral reports and statistics (admin side).

Each view checks team membership itself (services.check_team raises PermissionDenied):
being a superuser or having a model permission is never enough to read a report.
"""

import csv
import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from . import services
from .admin_forms import (
    ExcludeForm,
    HandlerForm,
    MessageForm,
    OralReportForm,
    OutcomeForm,
    PassOnForm,
    ReopenForm,
    StatisticsYearForm,
    StatusForm,
)
from .constants import STATUS_SET_BY_PASSING_ON, Afzender, AuditActie, Identiteit, Kanaal, Status
from .forms import new_form_token, read_form_token
from .models import Bijlage, Melding, Uitsluiting
from .security_log import refuse


def _no_store(response):
    response["Cache-Control"] = "no-store, private"
    return response


def inspect_url(melding) -> str:
    return reverse("meldkanaal_melding_modeladmin_inspect", args=[melding.pk])


@dataclass(frozen=True)
class LogRegel:
    dag: datetime.date
    tijd: datetime.time | None  # None: the reporter's actions are known by the day only
    wie: str
    wat: str
    detail: str = ""


def logboek(
    melding: Melding, berichten=None, limit: int = 200, uitsluitingen=None
) -> list[LogRegel]:
    """The case's audit trail, newest first: the team's audit lines with their time, and
    what the reporter did (the report, messages), by the day, from the records themselves."""
    regels = []
    for regel in melding.auditlog.select_related("gebruiker")[:limit]:
        local = timezone.localtime(regel.tijdstip)
        gebruiker = regel.gebruiker
        wie = (gebruiker.get_full_name() or gebruiker.get_username()) if gebruiker else "Systeem"
        if regel.actie in (AuditActie.ONTVANGEN, AuditActie.MELDER_BERICHT):
            continue  # written by earlier versions; shown below from the records
        regels.append(
            LogRegel(local.date(), local.time(), wie, regel.get_actie_display(), regel.detail)
        )
    if melding.kanaal == Kanaal.FORMULIER:
        regels.append(LogRegel(melding.ontvangen_op, None, "Melder", "Melding ontvangen"))
    if uitsluitingen is None:
        uitsluitingen = melding.uitsluitingen.select_related("gebruiker")
    for uitsluiting in uitsluitingen:
        if not uitsluiting.door_melder:
            continue  # the team's own exclusions have their audit line
        lid = uitsluiting.gebruiker
        regels.append(
            LogRegel(
                uitsluiting.datum,
                None,
                "Melder",
                "Teamlid uitgesloten op verzoek van de melder",
                lid.get_full_name() or lid.get_username(),
            )
        )
    for bericht in melding.berichten.all() if berichten is None else berichten:
        if bericht.afzender == Afzender.MELDER:
            regels.append(LogRegel(bericht.datum, None, "Melder", "Bericht van melder"))
    # Newest first; within a day, the reporter's (untimed) lines after the team's.
    regels.sort(key=lambda r: (r.dag, r.tijd or datetime.time.min), reverse=True)
    return regels[:limit]


def _status_form(melding, data=None) -> StatusForm:
    form = StatusForm(data)
    if data is not None:
        form.is_valid()  # validate against every status: the service explains a refusal
    # An empty first choice: a status changes only when someone picks one.
    # ‘Doorgezet’ is not offered: only passing the report on to another team sets it.
    form.fields["status"].choices = [("", "Kies een status")] + [
        (value, Status(value).label)
        for value in melding.toegestane_statussen()
        if value != STATUS_SET_BY_PASSING_ON
    ]
    return form


def case_context(request, melding: Melding, context: dict, bound: dict | None = None) -> dict:
    """What the case file shows; `bound` holds a refused action's form with what was typed."""
    berichten = list(melding.berichten.all())
    uitsluitingen = list(melding.uitsluitingen.select_related("gebruiker", "door"))
    readers = list(services.readers(melding))
    handler = next((lid.pk for lid in readers if lid.gebruiker_id == melding.behandelaar_id), None)
    context.update(
        {
            "uitsluitingen": uitsluitingen,
            # Only a case that was reopened has reasons to show (saves a query on the rest).
            "heropeningen": (
                melding.heropeningen.select_related("gebruiker") if melding.heropend_op else ()
            ),
            "kan_opheffen": services.is_beheerder(request.user, melding.team),
            "exclude_form": ExcludeForm(readers=readers),
            "handler_form": HandlerForm(readers=readers, initial={"lid": handler}),
            "reopen_form": ReopenForm(),
            "mist_behandelaar": melding.mist_behandelaar(),
            "melding": melding,
            "is_anoniem": melding.identiteit == Identiteit.ANONIEM,
            "berichten": berichten,
            "bijlagen": melding.bijlagen.all(),
            "auditlog": logboek(melding, berichten, uitsluitingen=uitsluitingen),
            "message_form": MessageForm(),
            "status_form": _status_form(melding),
            "pass_on_form": PassOnForm(current_team=melding.team),
            "outcome_form": OutcomeForm(initial={"uitkomst": melding.uitkomst or None}),
            "termijn_status": melding.termijn_status(),
            **(bound or {}),
        }
    )
    return context


# --- actions on a case -------------------------------------------------------------------


def _bound_form(request, melding, actie) -> tuple[str | None, object]:
    """The form an action posts, bound to what was sent (None for actions without input)."""
    if actie == "bericht":
        return "message_form", MessageForm(request.POST)
    if actie == "status":
        return "status_form", _status_form(melding, request.POST)
    if actie == "doorzetten":
        return "pass_on_form", PassOnForm(request.POST, current_team=melding.team)
    if actie == "uitkomst":
        return "outcome_form", OutcomeForm(request.POST)
    if actie == "uitsluiten":
        return "exclude_form", ExcludeForm(request.POST, readers=list(services.readers(melding)))
    if actie == "behandelaar":
        return "handler_form", HandlerForm(request.POST, readers=list(services.readers(melding)))
    if actie == "heropenen":
        return "reopen_form", ReopenForm(request.POST)
    return None, None


def _first_error(form) -> str:
    """The first problem of a refused form, in Dutch (one message per refused action)."""
    for errors in form.errors.values():
        return errors[0]
    return "Controleer wat je invulde."


def _do_action(request, melding, actie, form):
    """Carry out one action; returns the Dutch success message or raises ActieGeweigerd."""
    if isinstance(form, PassOnForm) and not form.is_valid():
        raise services.ActieGeweigerd(form.refusal())
    if isinstance(form, ExcludeForm | HandlerForm | ReopenForm) and not form.is_valid():
        raise services.ActieGeweigerd(_first_error(form))
    if form is not None and not form.is_valid():
        raise services.ActieGeweigerd(
            {
                "bericht": "Schrijf een bericht.",
                "status": "Kies een geldige status.",
                "uitkomst": "Kies een uitkomst.",
            }[actie]
        )
    data = form.cleaned_data if form is not None else {}
    if actie == "bevestigen":
        services.acknowledge(request.user, melding)  # the standard text (no field for it)
        return "De ontvangst is bevestigd. De melder ziet de bevestiging bij het volgen."
    if actie == "bericht":
        services.message_reporter(request.user, melding, data["tekst"], data["terugkoppeling"])
        return "Het bericht staat klaar voor de melder."
    if actie == "verslag":
        services.record_minutes_checked(request.user, melding)
        return "Vastgelegd dat de melder het verslag heeft gecontroleerd."
    if actie == "onbereikbaar":
        services.mark_unreachable(request.user, melding)
        return "Vastgelegd dat de melder niet bereikbaar is."
    if actie == "status":
        services.change_status(request.user, melding, data["status"])
        return f"De status is nu ‘{Status(data['status']).label}’."
    if actie == "doorzetten":
        services.pass_on(request.user, melding, data["team"])
        return (
            f"Melding {melding.nummer} is doorgezet naar {data['team'].name}. "
            "Je team kan de melding nu niet meer lezen."
        )
    if actie == "uitkomst":
        services.record_outcome(request.user, melding, data["uitkomst"], data["toelichting"])
        return "De uitkomst is vastgelegd."
    if actie == "uitsluiten":
        lid = data["lid"].gebruiker
        services.exclude_member(request.user, melding, lid)
        if lid == request.user:
            return f"Je bent uitgesloten van melding {melding.nummer}. Je kunt hem niet meer lezen."
        return f"{_name(lid)} is uitgesloten van deze melding en ziet alleen nog dat hij bestaat."
    if actie == "uitsluiting-opheffen":
        uitsluiting = Uitsluiting.objects.filter(
            pk=_int(request.POST.get("uitsluiting")), melding=melding
        ).first()
        if uitsluiting is None:
            raise services.ActieGeweigerd("Deze uitsluiting bestaat niet (meer).")
        services.lift_exclusion(request.user, melding, uitsluiting)
        return f"{_name(uitsluiting.gebruiker)} kan de melding weer lezen."
    if actie == "behandelaar":
        lid = data["lid"].gebruiker
        services.assign_handler(request.user, melding, lid)
        return f"{_name(lid)} is nu de behandelaar."
    if actie == "heropenen":
        melding = services.reopen(request.user, melding, data["reden"])
        return (
            "De melding is heropend. De melder krijgt opnieuw terugkoppeling, uiterlijk "
            f"{melding.terugkoppeling_voor:%d-%m-%Y}."
        )
    raise services.ActieGeweigerd("Deze actie bestaat niet.")


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def case_action(request, pk, actie):
    melding = get_object_or_404(Melding, pk=pk)
    services.check_team(request.user, melding)
    name, form = _bound_form(request, melding, actie)
    try:
        message = _do_action(request, melding, actie, form)
    except services.ActieGeweigerd as error:
        # Refused: the case file again, with the reason and what was typed, as a 400.
        messages.error(request, str(error))
        melding.refresh_from_db()
        services.record_read(request.user, melding)
        context = case_context(request, melding, {}, bound={name: form} if name else None)
        response = TemplateResponse(request, "meldkanaal/admin/inspect.html", context, status=400)
        return _no_store(response)
    messages.success(request, message)
    if not services.is_team_member(request.user, Melding.objects.get(pk=pk)):
        target = reverse("meldkanaal_melding_modeladmin_index")  # passed on: no access any more
    else:
        target = inspect_url(melding)
    response = redirect(target)
    response.status_code = 303
    return response


def download(request, pk):
    bijlage = get_object_or_404(Bijlage.objects.select_related("melding"), pk=pk)
    services.check_team(request.user, bijlage.melding)
    services.record_download(request.user, bijlage)
    # Streamed part by part: a 10 MB attachment never sits whole in the worker's memory.
    response = StreamingHttpResponse(bijlage.delen(), content_type=bijlage.content_type)
    response["Content-Length"] = str(bijlage.grootte)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=bijlage.bestandsnaam or f"bijlage-{bijlage.pk}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return _no_store(response)


# --- oral reports ----------------------------------------------------------------------------


def oral_report(request):
    """A team member records a report made by phone or in a meeting."""
    if not services.user_teams(request.user):
        refuse(request.user, "mondelinge melding vastleggen")
    if request.method == "POST":
        form = OralReportForm(request.POST)
        nonce = read_form_token(request.POST.get("formulier_token", ""))
        if form.is_valid() and nonce is not None:
            from django.core.cache import cache

            if not cache.add(f"meldkanaal:mondeling:{nonce}", 1, 2 * 24 * 3600):
                messages.error(request, "Deze melding is al vastgelegd.")
                return redirect("meldkanaal_melding_modeladmin_index")
            data = form.cleaned_data
            try:
                melding, code = services.submit_report(
                    soort=data["soort"],
                    identiteit=data["identiteit"],
                    beschrijving=data["beschrijving"],
                    naam=data["naam"],
                    contact=data["contact"],
                    kanaal=data["kanaal"],
                    verslag_gecontroleerd=data["verslag_gecontroleerd"],
                    geregistreerd_door=request.user,
                    ontvangen_op=data["datum"],
                )
            except services.ActieGeweigerd as error:
                cache.delete(f"meldkanaal:mondeling:{nonce}")
                form.add_error(None, str(error))
            else:
                context = {
                    "melding": melding,
                    "code": code,
                    "kan_openen": services.is_team_member(request.user, melding),
                    "inspect_url": inspect_url(melding),
                }
                return _no_store(
                    TemplateResponse(request, "meldkanaal/admin/mondeling_klaar.html", context)
                )
        if nonce is None:
            form.add_error(None, "Het formulier is verlopen. Verstuur het opnieuw.")
        data = form.data.copy()
        data["formulier_token"] = new_form_token()
        form.data = data
        status = 400
    else:
        form = OralReportForm(initial={"formulier_token": new_form_token()})
        status = 200
    return _no_store(
        TemplateResponse(request, "meldkanaal/admin/mondeling.html", {"form": form}, status=status)
    )


# --- statistics ----------------------------------------------------------------------------


def _statistics_year(request) -> tuple[StatisticsYearForm, int]:
    """The year asked for (?jaar=2025), or this year; an unknown year is refused."""
    years = services.statistics_years()
    this_year = timezone.localdate().year
    data = request.GET if "jaar" in request.GET else {"jaar": this_year}
    form = StatisticsYearForm(data, years=years)
    return form, form.chosen_year(this_year)


@permission_required("meldkanaal.view_statistiek", raise_exception=True)
def statistics(request):
    form, jaar = _statistics_year(request)
    context = {
        "form": form,
        "jaar": jaar,
        "tabellen": services.statistics(jaar),
        "csv_url": f"{reverse('meldkanaal_statistiek_csv')}?jaar={jaar}",
    }
    status = 200 if form.is_valid() else 400
    return TemplateResponse(request, "meldkanaal/admin/statistiek.html", context, status=status)


@permission_required("meldkanaal.view_statistiek", raise_exception=True)
def statistics_csv(request):
    form, jaar = _statistics_year(request)
    if not form.is_valid():
        return HttpResponse(
            "Kies een jaar uit de lijst.", status=400, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"meldingen-in-cijfers-{jaar}.csv"
    )
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["jaar", "indeling", "waarde", "aantal"])
    for table, rows in services.statistics(jaar).items():
        for value, count in rows:
            writer.writerow([jaar, table, value, count])
    return _no_store(response)


urlpatterns = [
    path(
        "meldkanaal/melding/<int:pk>/actie/<slug:actie>/",
        case_action,
        name="meldkanaal_actie",
    ),
    path("meldkanaal/bijlage/<int:pk>/", download, name="meldkanaal_bijlage"),
    path("meldkanaal/mondeling/", oral_report, name="meldkanaal_mondeling"),
    path("meldkanaal/statistiek/", statistics, name="meldkanaal_statistiek"),
    path("meldkanaal/statistiek/csv/", statistics_csv, name="meldkanaal_statistiek_csv"),
]
