"""Polls (peilingen) and the Meedoen page that gathers them.

A vote is stored as +1 on the chosen answer. Who voted is kept apart as a keyed hash of the
account and the poll (StemSleutel), only to refuse a second vote: no row links an account to
an answer, and the hashes cannot be read back to accounts without the site's secret key.
"""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from agenda.models import NativeDateTimeInput
from integriteitsplein.listing import ListedPage
from meedoen.blocks import MeedoenStreamBlock

# Polls per page of the Meedoen page (`?pagina=`).
POLLS_PER_PAGE = 10


class Peiling(ClusterableModel):
    vraag = models.CharField("vraag", max_length=200)
    toelichting = models.TextField(
        "toelichting", blank=True, help_text="Eén of twee zinnen: waarom vragen we dit?"
    )
    sluit_op = models.DateTimeField("stemmen kan tot", help_text="Daarna ziet iedereen de uitslag.")
    op_startpagina = models.BooleanField(
        "op de startpagina",
        default=False,
        help_text="De nieuwste peiling met dit vinkje staat op de startpagina.",
    )

    panels = [
        FieldPanel("vraag"),
        FieldPanel("toelichting"),
        FieldPanel("sluit_op", widget=NativeDateTimeInput),
        FieldPanel("op_startpagina"),
        InlinePanel("opties", label="antwoord", min_num=2, max_num=6),
    ]

    class Meta:
        verbose_name = "peiling"
        verbose_name_plural = "peilingen"
        ordering = ["-sluit_op", "pk"]

    def __str__(self):
        return self.vraag

    def is_open(self, now=None) -> bool:
        return (now or timezone.now()) < self.sluit_op


class PeilingOptie(Orderable):
    peiling = ParentalKey(Peiling, on_delete=models.CASCADE, related_name="opties")
    tekst = models.CharField("antwoord", max_length=120)
    stemmen = models.PositiveIntegerField("stemmen", default=0, editable=False)

    panels = [FieldPanel("tekst")]

    class Meta(Orderable.Meta):
        verbose_name = "antwoord"
        verbose_name_plural = "antwoorden"

    def __str__(self):
        return self.tekst


class StemSleutel(models.Model):
    """That someone voted on a poll, as an HMAC of account and poll: never what they chose."""

    peiling = models.ForeignKey(Peiling, on_delete=models.CASCADE, related_name="+")
    sleutel = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["peiling", "sleutel"], name="meedoen_een_stem")
        ]

    def __str__(self):
        return f"stem op peiling {self.peiling_id}"


class MeedoenPage(ListedPage, Page):
    """/meedoen/: polls (open ones to vote on, closed ones with their result) and text."""

    intro = models.TextField("inleiding", blank=True)
    body = StreamField(MeedoenStreamBlock(), blank=True, verbose_name="inhoud")

    type_label = "Meedoen"
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    page_description = "Meedoen: peilingen en ander materiaal om samen over integriteit te praten."
    parent_page_types = ["home.HomePage"]
    subpage_types = ["meedoen.DilemmaspelPage", "meedoen.WegwijzerPage"]
    max_count = 1

    class Meta:
        verbose_name = "meedoen-pagina"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Open ones and the last closed first (the model's order), a page at a time
        # (`?pagina=`): a closed poll's result stays readable.
        listing = Paginator(Peiling.objects.all(), POLLS_PER_PAGE).get_page(
            request.GET.get("pagina")
        )
        # Each poll is filled in per reader (fragments.poll): the page itself is the same
        # for everyone and served from the page cache.
        listing.poll_ids = tuple(peiling.pk for peiling in listing.object_list)
        context["peilingen"] = listing
        context["spellen"] = self.get_children().live().public().specific()
        return context
