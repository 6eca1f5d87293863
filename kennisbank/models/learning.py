"""E-learning modules and trainings."""

from django.db import models

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from integriteitsplein.listing import ListedPage
from kennisbank.blocks import BodyStreamBlock
from kennisbank.constants import LEARNING_TYPE_LABELS, Audience, LearningForm


class ELearningPage(ListedPage, Page):
    """A module or training: how long, for whom, mandatory or not, and where to follow it."""

    intro = models.TextField("inleiding", help_text="Wat leer je en waarom is het nuttig?")
    duration_minutes = models.PositiveIntegerField(
        "duur in minuten", null=True, blank=True, help_text="Ongeveer. Bijvoorbeeld 45."
    )
    audience = models.CharField(
        "voor wie", max_length=30, choices=Audience.choices, default=Audience.ALLE_MEDEWERKERS
    )
    mandatory = models.BooleanField(
        "verplicht", default=False, help_text="Moet iedereen uit ‘voor wie’ dit volgen?"
    )
    form = models.CharField("vorm", max_length=20, choices=LearningForm.choices)
    link_url = models.URLField(
        "link naar de module",
        blank=True,
        help_text="Waar volg je de module? Laat leeg als de inhoud hieronder staat.",
    )
    link_text = models.CharField(
        "tekst van de link", max_length=80, blank=True, default="Start de module"
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name="inhoud")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("form")]),
                FieldRowPanel([FieldPanel("audience"), FieldPanel("mandatory")]),
                FieldRowPanel([FieldPanel("link_url"), FieldPanel("link_text")]),
            ],
            heading="Praktisch",
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    page_description = "Een e-learning, training of video: hoe lang, voor wie, verplicht of niet."
    parent_page_types = ["kennisbank.ThemePage"]
    subpage_types = []

    class Meta:
        verbose_name = "e-learning of training"
        verbose_name_plural = "e-learnings en trainingen"

    @property
    def listing_text(self) -> str:
        return self.intro

    @property
    def type_label(self) -> str:
        return LEARNING_TYPE_LABELS.get(self.form, "E-learning")

    @classmethod
    def type_labels(cls, pks) -> dict[int, str]:
        """ "Training" for a classroom training, "E-learning" for one online: by its form."""
        rows = cls.objects.filter(pk__in=list(pks)).values_list("pk", "form")
        return {pk: LEARNING_TYPE_LABELS.get(form, "E-learning") for pk, form in rows}

    @property
    def duration_label(self) -> str:
        if not self.duration_minutes:
            return ""
        hours, minutes = divmod(self.duration_minutes, 60)
        if hours and minutes:
            return f"{hours} uur en {minutes} minuten"
        if hours:
            return f"{hours} uur"
        return f"{minutes} minuten"
