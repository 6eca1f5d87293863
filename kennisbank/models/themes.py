"""Themes (onderwerpen): the tiles on the home page, each listing its own pages."""

from django.core.paginator import Paginator
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from integriteitsplein.listing import ListedPage
from kennisbank.blocks import BodyStreamBlock

# Pages listed per page of a theme: a theme may hold hundreds (issue 13).
LISTING_PER_PAGE = 24


class ThemePage(ListedPage, Page):
    """An onderwerp such as "Gedragscode en regels": intro, body and its pages listed."""

    intro = models.TextField(
        "inleiding", blank=True, help_text="Eén of twee zinnen: waar gaat dit onderwerp over?"
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name="inhoud")

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    page_description = (
        "Een onderwerp, zoals ‘Gedragscode en regels’: een inleiding en de pagina’s erover."
    )
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "kennisbank.PolicyDocumentPage",
        "kennisbank.ELearningPage",
        "kennisbank.ContentPage",
        "kennisbank.ContactOverviewPage",
        "kennisbank.NewsIndexPage",
    ]

    class Meta:
        verbose_name = "onderwerp"
        verbose_name_plural = "onderwerpen"

    type_label = "Onderwerp"

    def get_listing(self, page_number=1):
        """One page (`?pagina=`) of the live children in the editors' order, each with the
        label of its page type.

        A count, one query for the tree and one per page type on that page, whichever
        page it is and however many children there are.
        """
        children = self.get_children().live().defer_streamfields().specific()
        listing = Paginator(children, LISTING_PER_PAGE).get_page(page_number)
        listing.object_list = [
            {
                "page": child,
                "type_label": getattr(child, "type_label", ListedPage.type_label),
                "description": child.search_description or getattr(child, "listing_text", ""),
            }
            for child in listing.object_list
        ]
        return listing

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.get_listing(request.GET.get("pagina"))
        return context
