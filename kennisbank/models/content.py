"""A plain content page for everything else (toegankelijkheid, privacy, uitleg...)."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from integriteitsplein.listing import ListedPage
from integriteitsplein.models import OpenWithoutLoginMixin
from kennisbank.blocks import BodyStreamBlock


class ContentPage(ListedPage, OpenWithoutLoginMixin, Page):
    intro = models.TextField(
        "inleiding",
        blank=True,
        help_text="Eén of twee zinnen: waar gaat deze pagina over? Staat ook in overzichten.",
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name="inhoud")

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    settings_panels = [*Page.settings_panels, FieldPanel("open_without_login")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    page_description = "Een gewone pagina met tekst, zoals uitleg, privacy of toegankelijkheid."
    parent_page_types = ["home.HomePage", "kennisbank.ThemePage", "kennisbank.ContentPage"]
    subpage_types = ["kennisbank.ContentPage"]

    class Meta:
        verbose_name = "inhoudspagina"
        verbose_name_plural = "inhoudspagina's"

    @property
    def listing_text(self) -> str:
        return self.intro

    # On a theme's cards: what the page is for the reader ("inhoudspagina" is an editor's word).
    type_label = "Uitleg"
