"""The yearly integrity report (Jaarverslag integriteit) as a page.

Text and the figures the site cannot know (Bibob investigations, the dilemma game on paper)
are written by the coordinator; the rest is counted by the plein's own registers
(figures.py). The draft and its preview show the figures of now; the first publication
freezes them (BevrorenCijfers), so a report once published does not change with the data.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from integriteitsplein.listing import ListedPage
from integriteitsplein.models import Vastgelegd
from kennisbank.blocks import BodyStreamBlock

from . import figures, presentation


class IngevoerdCijferBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label="wat", max_length=120, help_text="Bijvoorbeeld: Bibob-onderzoeken"
    )
    waarde = blocks.CharBlock(label="dit jaar", max_length=20, help_text="Een getal, of ‘0,26%’.")
    vorig_jaar = blocks.CharBlock(label="vorig jaar", max_length=20, required=False)
    bron = blocks.CharBlock(
        label="bron",
        max_length=200,
        help_text="Waar komt het getal vandaan? Bijvoorbeeld: jaarverslag team Bibob.",
    )
    toelichting = blocks.TextBlock(label="toelichting", required=False)

    class Meta:
        icon = "table"
        label = "Cijfer"


class IngevoerdeCijfersBlock(blocks.StreamBlock):
    cijfer = IngevoerdCijferBlock()


class JaarverslagPage(ListedPage, Page):
    jaar = models.PositiveSmallIntegerField(
        "jaar", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    intro = models.TextField("inleiding", help_text="Twee of drie zinnen: waar gaat dit jaar over?")
    ingevoerde_cijfers = StreamField(
        IngevoerdeCijfersBlock(),
        blank=True,
        verbose_name="cijfers die de site niet kent",
        help_text="Bijvoorbeeld Bibob-onderzoeken of het dilemmaspel op papier: met de bron erbij.",
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name="tekst")
    toon_meldingen = models.BooleanField("meldingen uit het meldkanaal", default=True)
    toon_kwesties = models.BooleanField("kwesties van de vertrouwenspersonen", default=True)
    toon_ambtseden = models.BooleanField("eden en beloften uit het ambtseedregister", default=True)
    toon_bijeenkomsten = models.BooleanField("bijeenkomsten uit de agenda", default=True)
    toon_peilingen = models.BooleanField("peilingen", default=True)
    toon_training = models.BooleanField("afgeronde verplichte trainingen", default=True)

    type_label = "Jaarverslag"

    content_panels = [
        *Page.content_panels,
        FieldPanel("jaar"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("toon_meldingen"),
                FieldPanel("toon_kwesties"),
                FieldPanel("toon_ambtseden"),
                FieldPanel("toon_bijeenkomsten"),
                FieldPanel("toon_peilingen"),
                FieldPanel("toon_training"),
            ],
            heading="Cijfers van de site",
            help_text=(
                "Deze cijfers telt de site zelf. In het concept zie je de cijfers van nu; bij "
                "de eerste publicatie worden ze vastgelegd en veranderen ze niet meer. Zet een "
                "bron uit als de site voor dit jaar nog geen gegevens had."
            ),
        ),
        FieldPanel("ingevoerde_cijfers"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    page_description = (
        "Het jaarverslag integriteit: kerncijfers met vorig jaar, grafieken en tekst."
    )
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "jaarverslag integriteit"
        verbose_name_plural = "jaarverslagen integriteit"

    @property
    def enabled_sources(self) -> set[str]:
        return {name for name in figures.BRONNEN if getattr(self, f"toon_{name}")}

    def current_figures(self, request) -> tuple[dict, "BevrorenCijfers | None"]:
        """The frozen figures of the published report; live ones for a draft or preview."""
        if self.live and not getattr(request, "is_preview", False):
            frozen = BevrorenCijfers.objects.filter(page_id=self.pk).first()
            if frozen is None:  # published before this app existed: freeze now
                frozen = figures.freeze(self)
            return frozen.cijfers, frozen
        return figures.live_figures(self.jaar), None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        data, frozen = self.current_figures(request)
        context["verslag"] = presentation.build(data, self.enabled_sources)
        context["bevroren"] = frozen
        context["ingevoerd"] = [block.value for block in self.ingevoerde_cijfers]
        return context


class BevrorenCijfers(Vastgelegd):
    """The figures of a published report as they were when it was (first) published."""

    page = models.ForeignKey(
        JaarverslagPage, on_delete=models.CASCADE, related_name="bevroren_cijfers"
    )
    cijfers = models.JSONField("cijfers")

    class Meta:
        verbose_name = "vastgelegde cijfers"
        verbose_name_plural = "vastgelegde cijfers"
        ordering = ["-vastgelegd_op", "-pk"]

    def __str__(self):
        return f"Cijfers {self.page_id} van {self.vastgelegd_op:%d-%m-%Y %H:%M}"
