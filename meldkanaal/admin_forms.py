"""Forms of the team side of the meldkanaal: messages, status, passing on, outcome, oral reports.

Apart from the reporter's forms (meldkanaal/forms.py) because only the meldpunt's admin uses them.
"""

import datetime

from django import forms
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm

from .constants import Identiteit, Kanaal, Soort, Status, Uitkomst
from .forms import FormTokenMixin
from .models import Route, Team
from .services.case_actions import NO_READER


class MessageForm(forms.Form):
    tekst = forms.CharField(
        label="Bericht aan de melder",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
        error_messages={"required": "Schrijf een bericht."},
    )
    terugkoppeling = forms.BooleanField(
        label="Dit bericht is de terugkoppeling over de beoordeling", required=False
    )


def member_label(lid) -> str:
    user = lid.gebruiker
    return f"{user.get_full_name() or user.get_username()} ({lid.get_rol_display().lower()})"


class MemberForm(forms.Form):
    """Choose a team member among `readers` (memberships, read once by the caller and shared
    by the case file's forms). The value is the membership's id: an id of another team's
    member, of an excluded member or a made-up one is not a valid choice."""

    lid = forms.TypedChoiceField(coerce=int)

    def __init__(self, *args, readers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.readers = {lid.pk: lid for lid in readers}
        self.fields["lid"].choices = [("", "Kies een teamlid")] + [
            (pk, member_label(lid)) for pk, lid in self.readers.items()
        ]

    def clean_lid(self):
        return self.readers[self.cleaned_data["lid"]]


class ExcludeForm(MemberForm):
    """Exclude a team member from this case (conflict of interest)."""

    lid = forms.TypedChoiceField(
        coerce=int,
        label="Wie mag deze melding niet lezen?",
        help_text="Bijvoorbeeld: de melding gaat over dit teamlid, of over iemand met wie het "
        "teamlid nauw samenwerkt. Dit teamlid ziet daarna alleen nog het zaaknummer en de status.",
        error_messages={
            "required": "Kies het teamlid dat je wilt uitsluiten.",
            "invalid_choice": "Kies een teamlid uit de lijst. Alleen leden van dit team die de "
            "melding nu kunnen lezen, staan erin.",
        },
    )


class HandlerForm(MemberForm):
    """Name the behandelaar (a team member who can read the case)."""

    lid = forms.TypedChoiceField(
        coerce=int,
        label="Behandelaar",
        error_messages={
            "required": "Kies wie de melding behandelt.",
            "invalid_choice": "Kies een teamlid uit de lijst. Wie uitgesloten is, kan geen "
            "behandelaar zijn.",
        },
    )


class ReopenForm(forms.Form):
    reden = forms.CharField(
        label="Waarom heropen je de melding?",
        help_text="Alleen het team leest dit. Bijvoorbeeld: de melder stuurde nieuwe informatie.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf waarom je de melding heropent."},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Nieuwe status", choices=Status.choices)


class PassOnForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Naar welk team?",
        queryset=Team.objects.none(),
        empty_label="Kies een team",
        error_messages={
            "required": "Kies een team.",
            "invalid_choice": "Kies een ander meldpuntteam.",
        },
    )

    # The confirmation: the passing team cannot read the report afterwards.
    bevestigd = forms.BooleanField(
        label="Ja, zet de melding door. Ons team kan de melding daarna niet meer lezen.",
        error_messages={
            "required": "Vink aan dat je de melding wilt doorzetten: je team kan de melding "
            "daarna niet meer lezen."
        },
    )

    def __init__(self, *args, current_team=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Team.objects.order_by("naam")
        if current_team is not None:
            queryset = queryset.exclude(pk=current_team.pk)
        self.fields["team"].queryset = queryset

    def clean_team(self):
        team = self.cleaned_data["team"]
        if not team.heeft_lezers():
            raise forms.ValidationError(NO_READER.format(team=team.naam))
        return team

    def refusal(self) -> str:
        """The first problem, in Dutch (the case file shows one message per refused action)."""
        for name in ("team", "bevestigd"):
            if name in self.errors:
                return self.errors[name][0]
        return "Kies een ander meldpuntteam."


class OutcomeForm(forms.Form):
    # An empty first choice: nobody records "gegrond" by leaving the default.
    uitkomst = forms.ChoiceField(
        label="Uitkomst",
        choices=[("", "Kies een uitkomst"), *Uitkomst.choices],
        error_messages={"required": "Kies een uitkomst."},
    )
    toelichting = forms.CharField(
        label="Toelichting (alleen voor het team)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RouteForm(WagtailAdminModelForm):
    """One route per kind: a second one for the same kind is refused in Dutch (not as the
    database's unique error), and a new route offers only the kinds without one."""

    class Meta:
        model = Route
        fields = ["soort", "team"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = set(Route.objects.exclude(pk=self.instance.pk).values_list("soort", flat=True))
        field = self.fields["soort"]
        field.choices = [(v, label) for v, label in field.choices if v not in taken]
        field.error_messages["invalid_choice"] = ROUTE_EXISTS

    def clean_soort(self):
        soort = self.cleaned_data["soort"]
        if Route.objects.filter(soort=soort).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(ROUTE_EXISTS)
        return soort

    def clean_team(self):
        """No report without a reader: a route to a team nobody can read for is refused."""
        team = self.cleaned_data["team"]
        if team is not None and not team.heeft_lezers():
            raise forms.ValidationError(ROUTE_NO_READER.format(team=team.naam))
        return team


ROUTE_NO_READER = (
    "{team} heeft geen actieve teamleden. Meldingen van deze soort zou dan niemand kunnen "
    "lezen. Kies een ander team, of voeg eerst iemand toe aan {team}."
)
ROUTE_EXISTS = (
    "Voor deze soort is er al een route. Pas die route aan in plaats van een nieuwe te maken."
)


class StatisticsYearForm(forms.Form):
    """Which year the counts are of (GET); the years with reports, this year first."""

    jaar = forms.TypedChoiceField(
        label="Jaar",
        coerce=int,
        error_messages={"invalid_choice": "Kies een jaar uit de lijst."},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(year, str(year)) for year in years]

    def chosen_year(self, default: int) -> int:
        return self.cleaned_data["jaar"] if self.is_valid() else default


class OralReportForm(FormTokenMixin):
    """A report made by phone or in a meeting, with the words of the reporter's own form.

    No choice is made in advance: the team member picks each one, as the reporter would.
    """

    # A call older than this is no new report to record here.
    MAX_AGE_DAYS = 366

    kanaal = forms.ChoiceField(
        label="Hoe kwam de melding binnen?",
        choices=[
            ("", "Kies telefoon of gesprek"),
            (Kanaal.TELEFOON, Kanaal.TELEFOON.label),
            (Kanaal.GESPREK, Kanaal.GESPREK.label),
        ],
        error_messages={"required": "Kies hoe de melding binnenkwam."},
    )
    datum = forms.DateField(
        label="Datum van het telefoongesprek of gesprek",
        help_text="De termijnen voor ontvangstbevestiging en terugkoppeling tellen vanaf deze dag.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": "Vul de datum van het gesprek in.",
            "invalid": "Vul een geldige datum in, bijvoorbeeld 01-12-2026.",
        },
    )
    soort = forms.ChoiceField(
        label="Waar gaat de melding over?",
        choices=[("", "Kies een soort"), *Soort.choices],
        error_messages={"required": "Kies waar de melding over gaat."},
    )
    identiteit = forms.ChoiceField(
        label="Hoe wil de melder melden?",
        choices=[("", "Kies met naam, vertrouwelijk of anoniem"), *Identiteit.choices],
        error_messages={"required": "Kies hoe de melder wil melden."},
    )
    naam = forms.CharField(
        label="Naam van de melder",
        help_text="Nodig bij ‘Met mijn naam’ en ‘Vertrouwelijk’. Bij ‘Anoniem’ bewaren we geen "
        "naam.",
        required=False,
        max_length=200,
    )
    contact = forms.CharField(
        label="Telefoon of e-mailadres van de melder (niet verplicht)",
        help_text="Bij ‘Anoniem’ bewaren we dit niet.",
        required=False,
        max_length=200,
    )
    beschrijving = forms.CharField(
        label="Wat is er gebeurd? (verslag van het gesprek)",
        help_text="Wat, wanneer, waar, wie zijn erbij betrokken en hoe weet de melder het?",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": "Schrijf het verslag van de melding.",
            "max_length": "Het verslag is te lang (hoogstens %(limit_value)d tekens).",
        },
    )
    verslag_gecontroleerd = forms.BooleanField(
        label="De melder heeft het verslag gecontroleerd en is het ermee eens",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["datum"].widget.attrs.update(
            max=today.isoformat(),
            min=(today - datetime.timedelta(days=self.MAX_AGE_DAYS)).isoformat(),
        )

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        today = timezone.localdate()
        if datum > today:
            raise forms.ValidationError("De datum van het gesprek kan niet in de toekomst liggen.")
        if datum < today - datetime.timedelta(days=self.MAX_AGE_DAYS):
            raise forms.ValidationError("Vul een datum in van het afgelopen jaar.")
        return datum

    def clean(self):
        data = super().clean()
        # As in the reporter's form: a name unless the reporter stays anonymous.
        if (
            data.get("identiteit") in (Identiteit.GENOEMD, Identiteit.VERTROUWELIJK)
            and not data.get("naam", "").strip()
        ):
            self.add_error(
                "naam",
                "Vul de naam van de melder in, of kies ‘Anoniem’ als de melder zijn naam niet "
                "wil geven.",
            )
        return data
