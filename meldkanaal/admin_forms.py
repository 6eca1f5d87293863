"""Forms of the team side of the meldkanaal: messages, status, passing on, outcome, oral reports.

Apart from the reporter's forms (meldkanaal/forms.py) because only the meldpunt's admin uses them.
"""

from django import forms
from django.contrib.auth.models import Group

from .constants import Identiteit, Kanaal, Soort, Status, Uitkomst
from .forms import FormTokenMixin
from .services import teams


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


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Nieuwe status", choices=Status.choices)


class PassOnForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Doorzetten naar team",
        queryset=Group.objects.none(),
        empty_label="Kies een team",
        error_messages={
            "required": "Kies een team.",
            "invalid_choice": "Kies een ander meldpuntteam.",
        },
    )

    def __init__(self, *args, current_team=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [t.pk for t in teams() if current_team is None or t.pk != current_team.pk]
        self.fields["team"].queryset = Group.objects.filter(pk__in=ids).order_by("name")


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


class OralReportForm(FormTokenMixin):
    kanaal = forms.ChoiceField(
        label="Hoe gemeld",
        choices=[(Kanaal.TELEFOON, Kanaal.TELEFOON.label), (Kanaal.GESPREK, Kanaal.GESPREK.label)],
    )
    soort = forms.ChoiceField(label="Soort", choices=Soort.choices)
    identiteit = forms.ChoiceField(label="Identiteit", choices=Identiteit.choices)
    naam = forms.CharField(label="Naam melder", required=False, max_length=200)
    contact = forms.CharField(label="Telefoon of e-mail", required=False, max_length=200)
    beschrijving = forms.CharField(
        label="Verslag van de melding", widget=forms.Textarea(attrs={"rows": 10})
    )
    verslag_gecontroleerd = forms.BooleanField(
        label="De melder heeft het verslag gecontroleerd en is het ermee eens",
        required=False,
    )
