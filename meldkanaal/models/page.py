"""The report form page: the communications team edits its texts, kinds and extra questions.

Its POST goes to `meldkanaal.services.submit_report`, never to Wagtail's form builder, so
nothing of a report lands in wagtailforms_formsubmission, page revisions or e-mails.
"""

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from ..constants import Soort

_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol", "h2", "h3"]


class MeldFormPage(Page):
    intro = RichTextField("inleiding", features=_TEXT_FEATURES, blank=True)
    bescherming = RichTextField(
        "bescherming door de wet",
        features=_TEXT_FEATURES,
        blank=True,
        help_text="Welke bescherming geeft de Wet bescherming klokkenluiders?",
    )
    andere_manieren = RichTextField(
        "andere manieren om te melden",
        features=_TEXT_FEATURES,
        blank=True,
        help_text="Bellen, een gesprek, de vertrouwenspersoon, het Huis voor Klokkenluiders.",
    )
    apparaat_waarschuwing = models.TextField(
        "waarschuwing werkapparaat",
        blank=True,
        default="Meld je anoniem? Een computer of telefoon van je werk kan sporen bewaren, "
        "zoals de geschiedenis van je browser. Gebruik liever een eigen apparaat, "
        "niet via het netwerk van de provincie.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "soorten",
            heading="Soorten meldingen",
            label="soort",
            help_text="Welke soorten kan de melder kiezen? Leeg: alle soorten.",
        ),
        InlinePanel("vragen", heading="Extra vragen", label="vraag"),
        MultiFieldPanel(
            [
                FieldPanel("bescherming"),
                FieldPanel("andere_manieren"),
                FieldPanel("apparaat_waarschuwing"),
            ],
            heading="Uitleg",
        ),
    ]

    page_description = "Het formulier om een vermoeden van een misstand of schending te melden."
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "meldformulier"

    def aangeboden_soorten(self) -> list[tuple[str, str, str]]:
        """(value, label, explanation) of the kinds on offer, in the editors' order."""
        chosen = list(self.soorten.all())
        if not chosen:
            return [(value, label, "") for value, label in Soort.choices]
        return [(s.soort, Soort(s.soort).label, s.uitleg) for s in chosen]

    def serve(self, request, *args, **kwargs):
        from ..views import report_form  # the views know the page; the page only delegates

        request.is_meldkanaal = True  # error reports hide everything of it (errors.py)
        return report_form(request, self)


class MeldFormSoort(Orderable):
    page = ParentalKey(MeldFormPage, on_delete=models.CASCADE, related_name="soorten")
    soort = models.CharField(max_length=32, choices=Soort.choices)
    uitleg = models.CharField(
        max_length=255, blank=True, help_text="Een korte uitleg onder de keuze."
    )

    panels = [FieldPanel("soort"), FieldPanel("uitleg")]

    class Meta(Orderable.Meta):
        verbose_name = "soort"


class MeldVraag(Orderable):
    """An extra question on the form; the answer is stored encrypted with the report."""

    KORT, LANG, DATUM, JA_NEE = "kort", "lang", "datum", "ja_nee"
    VELDTYPES = [
        (KORT, "Korte tekst"),
        (LANG, "Lange tekst"),
        (DATUM, "Datum"),
        (JA_NEE, "Ja of nee"),
    ]

    page = ParentalKey(MeldFormPage, on_delete=models.CASCADE, related_name="vragen")
    label = models.CharField("vraag", max_length=200)
    hulptekst = models.CharField(max_length=255, blank=True)
    veldtype = models.CharField(max_length=16, choices=VELDTYPES, default=KORT)
    verplicht = models.BooleanField(default=False)

    panels = [
        FieldPanel("label"),
        FieldPanel("hulptekst"),
        FieldPanel("veldtype"),
        FieldPanel("verplicht"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "vraag"
        verbose_name_plural = "vragen"

    @property
    def veldnaam(self) -> str:
        return f"vraag_{self.pk}"
