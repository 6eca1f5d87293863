from django import forms
from django.utils import timezone

from vertrouwenspersonen.models import Kwestie

# A conversation is logged soon after it took place; two years back is room for a late one.
YEARS_BACK = 2


class KwestieForm(forms.ModelForm):
    """Month, subject and follow-up. Nothing else can be typed: no name, no free text."""

    jaar = forms.TypedChoiceField(label="Jaar", coerce=int)

    class Meta:
        model = Kwestie
        fields = ["jaar", "maand", "onderwerp", "vervolg"]
        labels = {"maand": "Maand", "onderwerp": "Onderwerp", "vervolg": "Vervolg"}
        help_texts = {
            "maand": "Alleen de maand, geen dag.",
            "vervolg": "Wat er met de kwestie gebeurde. Noem nergens een naam.",
        }

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        years = [self.today.year - back for back in range(YEARS_BACK + 1)]
        if self.instance.pk and self.instance.jaar not in years:
            years.append(self.instance.jaar)
        self.fields["jaar"].choices = [(year, str(year)) for year in years]
        if not self.instance.pk:
            self.initial.setdefault("jaar", self.today.year)
            self.initial.setdefault("maand", self.today.month)

    def clean(self):
        cleaned = super().clean()
        jaar, maand = cleaned.get("jaar"), cleaned.get("maand")
        if jaar and maand and (jaar, maand) > (self.today.year, self.today.month):
            self.add_error(
                "maand", "Deze maand is nog niet begonnen. Kies de maand van het gesprek."
            )
        return cleaned
