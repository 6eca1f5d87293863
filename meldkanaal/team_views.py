"""Meldkanaal → Teams and → Beveiligingslog: a team's members, managed by its beheerders.

A member sees who is in their teams; a beheerder adds, changes, deactivates and removes
members, and starts a new team. Every change goes through memberships.py (rules, audit,
e-mail to the beheerders). Nobody else, also a superuser, sees these pages.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from . import memberships
from .models import Beveiligingsregel, Rol, Team, Teamlidmaatschap
from .security_log import refuse
from .services import access
from .services.common import ActieGeweigerd


class AddMemberForm(forms.Form):
    gebruikersnaam = forms.CharField(
        label="Gebruikersnaam",
        max_length=150,
        help_text="De gebruikersnaam van een bestaand, actief account.",
        error_messages={"required": "Vul een gebruikersnaam in."},
    )
    rol = forms.ChoiceField(label="Rol", choices=Rol.choices, initial=Rol.LID)

    def clean_gebruikersnaam(self):
        naam = self.cleaned_data["gebruikersnaam"].strip()
        user = get_user_model().objects.filter(username__iexact=naam).first()
        if user is None:
            raise forms.ValidationError(f"Er is geen account met de gebruikersnaam ‘{naam}’.")
        return user


class NewTeamForm(forms.Form):
    naam = forms.CharField(
        label="Naam van het nieuwe team",
        max_length=100,
        error_messages={"required": "Geef het team een naam."},
    )


def _member_or_refuse(request):
    if not access.is_team_member(request.user):
        refuse(request.user, "teams bekijken")


def teams(request):
    _member_or_refuse(request)
    mine = access.user_teams(request.user)
    rows = []
    for team in mine:
        rows.append(
            {
                "team": team,
                "beheerder": access.is_beheerder(request.user, team),
                "leden": team.lidmaatschappen.select_related("gebruiker", "toegevoegd_door"),
                "form": AddMemberForm(prefix=f"team{team.pk}"),
                "zonder_lezers": not team.heeft_lezers(),
            }
        )
    context = {
        "rows": rows,
        "new_team_form": NewTeamForm() if access.is_beheerder(request.user) else None,
    }
    return TemplateResponse(request, "meldkanaal/admin/teams.html", context)


def _refusal(request, error) -> None:
    messages.error(request, str(error))


@require_POST
def team_action(request, team_pk):
    team = get_object_or_404(Team, pk=team_pk)
    if not access.is_beheerder(request.user, team):
        memberships.notify_beheerders(
            team,
            f"Geweigerd: wijziging in {team.naam}",
            f"{request.user.get_username()} probeerde de leden van {team.naam} te wijzigen. "
            "Dat is geweigerd: alleen een beheerder van het team kan dat.",
        )
        refuse(request.user, f"teamleden wijzigen in {team.naam}", team=team)
    actie = request.POST.get("actie", "")
    try:
        if actie == "toevoegen":
            form = AddMemberForm(request.POST, prefix=f"team{team.pk}")
            if not form.is_valid():
                raise ActieGeweigerd(next(iter(form.errors.values()))[0])
            user = form.cleaned_data["gebruikersnaam"]
            memberships.add_member(request.user, team, user, form.cleaned_data["rol"])
            messages.success(request, f"{user.get_username()} is toegevoegd aan {team.naam}.")
        else:
            lid = get_object_or_404(Teamlidmaatschap, pk=request.POST.get("lid"), team=team)
            naam = lid.gebruiker.get_username()
            if actie == "rol":
                rol = request.POST.get("rol", "")
                if rol not in Rol.values:
                    raise ActieGeweigerd("Kies een rol.")
                memberships.change_member(request.user, lid, rol=rol)
                messages.success(request, f"{naam} is nu {Rol(rol).label.lower()}.")
            elif actie in ("uitzetten", "aanzetten"):
                memberships.change_member(request.user, lid, actief=actie == "aanzetten")
                what = "weer actief" if actie == "aanzetten" else "uitgezet"
                messages.success(request, f"{naam} is {what} in {team.naam}.")
            elif actie == "tweede_factor":
                memberships.reset_second_factor(request.user, lid)
                messages.success(
                    request,
                    f"De tweede factor van {naam} is gewist. Bij de volgende keer inloggen "
                    f"stelt {naam} een nieuwe app in.",
                )
            elif actie == "verwijderen":
                memberships.remove_member(request.user, lid)
                messages.success(request, f"{naam} is uit {team.naam} gehaald.")
            else:
                raise ActieGeweigerd("Deze actie bestaat niet.")
    except ActieGeweigerd as error:
        _refusal(request, error)
    return redirect("meldkanaal_teams")


@require_POST
def new_team(request):
    if not access.is_beheerder(request.user):
        refuse(request.user, "team maken")
    form = NewTeamForm(request.POST)
    try:
        if not form.is_valid():
            raise ActieGeweigerd(form.errors["naam"][0])
        team = memberships.create_team(request.user, form.cleaned_data["naam"])
        messages.success(
            request,
            f"Team {team.naam} is gemaakt, met jou als beheerder. Voeg leden toe voordat je "
            "er een route of melding naartoe stuurt.",
        )
    except ActieGeweigerd as error:
        _refusal(request, error)
    return redirect("meldkanaal_teams")


def security_log(request):
    """Readable only by beheerders: their teams' rows, and those about no team (failed
    logins of accounts outside the teams)."""
    if not access.is_beheerder(request.user):
        refuse(request.user, "beveiligingslog")
    beheerd = Team.objects.beheerd_door(request.user)
    rows = Beveiligingsregel.objects.filter(Q(team__in=beheerd) | Q(team__isnull=True))
    context = {"rows": rows.order_by("-tijdstip", "-pk")[:500]}
    return TemplateResponse(request, "meldkanaal/admin/beveiligingslog.html", context)


urlpatterns = [
    path("meldkanaal/teams/", teams, name="meldkanaal_teams"),
    path("meldkanaal/teams/nieuw/", new_team, name="meldkanaal_team_nieuw"),
    path("meldkanaal/teams/<int:team_pk>/", team_action, name="meldkanaal_team_actie"),
    path("meldkanaal/beveiligingslog/", security_log, name="meldkanaal_beveiligingslog"),
]
