"""The dilemma game: dilemmas (snippets) with 2–4 choices, played alone or together.

Playing alone: choose, then see what the gedragscode says and how colleagues chose (counts
per choice, small ones hidden as for polls; one count per employee per dilemma, kept as a keyed
hash like a vote). Playing together ("samen spelen"): a facilitator steps through a set on a
shared screen; participants need no account and nothing is stored.
"""

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from integriteitsplein.listing import ListedPage


class Dilemma(ClusterableModel):
    titel = models.CharField("titel", max_length=200)
    situatie = models.TextField("situatie", help_text="Kort en concreet: wat gebeurt er?")
    gedragscode = RichTextField(
        "wat zegt de gedragscode?",
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="De regel of het uitgangspunt dat hier helpt, in gewone woorden.",
    )
    vragen = models.TextField(
        "vragen om over te praten", blank=True, help_text="Eén vraag per regel."
    )

    panels = [
        FieldPanel("titel"),
        FieldPanel("situatie"),
        InlinePanel("keuzes", label="keuze", min_num=2, max_num=4),
        FieldPanel("gedragscode"),
        FieldPanel("vragen"),
    ]

    class Meta:
        verbose_name = "dilemma"
        verbose_name_plural = "dilemma's"
        ordering = ["titel"]

    def __str__(self):
        return self.titel

    def vragen_lijst(self) -> list[str]:
        return [line.strip() for line in self.vragen.splitlines() if line.strip()]


class DilemmaKeuze(Orderable):
    dilemma = ParentalKey(Dilemma, on_delete=models.CASCADE, related_name="keuzes")
    tekst = models.CharField("keuze", max_length=300)
    # How often colleagues chose this; no row says who.
    gekozen = models.PositiveIntegerField("gekozen", default=0, editable=False)

    panels = [FieldPanel("tekst")]

    def __str__(self):
        return self.tekst

    # The result table reads `tekst` and `stemmen`, like a poll's answers.
    @property
    def stemmen(self) -> int:
        return self.gekozen


class DilemmaSleutel(models.Model):
    """That someone chose on a dilemma, as an HMAC of account and dilemma: never what."""

    dilemma = models.ForeignKey(Dilemma, on_delete=models.CASCADE, related_name="+")
    sleutel = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dilemma", "sleutel"], name="meedoen_een_keuze")
        ]

    def __str__(self):
        return f"keuze bij dilemma {self.dilemma_id}"


class DilemmaspelItem(Orderable):
    page = ParentalKey("meedoen.DilemmaspelPage", on_delete=models.CASCADE, related_name="items")
    dilemma = models.ForeignKey(Dilemma, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("dilemma")]


class DilemmaspelPage(ListedPage, RoutablePageMixin, Page):
    """A set of dilemmas: play them one by one, or together on one screen."""

    intro = models.TextField("inleiding", blank=True)

    type_label = "Dilemmaspel"
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("items", label="dilemma", min_num=1),
    ]
    page_description = "Het dilemmaspel: een reeks dilemma's om alleen of samen te spelen."
    parent_page_types = ["home.HomePage", "meedoen.MeedoenPage"]
    subpage_types = []

    class Meta:
        verbose_name = "dilemmaspel"

    def clean(self):
        super().clean()
        ids = [item.dilemma_id for item in self.items.all() if item.dilemma_id]
        if len(ids) != len(set(ids)):
            raise ValidationError("Elk dilemma mag maar één keer in het spel staan.")

    def dilemmas(self) -> list[Dilemma]:
        items = self.items.select_related("dilemma").prefetch_related("dilemma__keuzes")
        return [item.dilemma for item in items]

    def _step(self, request, nummer: int):
        """The dilemma at position `nummer` (1-based), or a 404 page in Dutch."""
        dilemmas = self.dilemmas()
        if not 1 <= nummer <= len(dilemmas):
            from django.http import Http404

            raise Http404("Dit dilemma staat niet in het spel.")
        return dilemmas, dilemmas[nummer - 1]

    @path("")
    def overview_view(self, request):
        return self.render(request, context_overrides={"dilemmas": self.dilemmas()})

    @path("<int:nummer>/")
    def play_view(self, request, nummer: int):
        from meedoen import dilemma_services as services

        dilemmas, dilemma = self._step(request, nummer)
        fout = ""
        status = 200
        if request.method == "POST":
            try:
                services.choose(dilemma, request.POST.get("keuze"), request.user)
            except services.KeuzeFout as error:
                fout, status = str(error), 400
            else:
                from django.shortcuts import redirect

                return redirect(f"{self.get_url(request)}{nummer}/#uitslag")
        context = services.play_state(dilemma, request.user)
        context.update(nummer=nummer, totaal=len(dilemmas), fout=fout, dilemma=dilemma, spel=self)
        response = self.render(
            request, template="meedoen/dilemma_play.html", context_overrides=context
        )
        response.status_code = status
        return response

    @path("samen/")
    def together_start_view(self, request):
        from django.shortcuts import redirect

        return redirect(f"{self.get_url(request)}samen/1/")

    @path("samen/<int:nummer>/")
    def together_view(self, request, nummer: int):
        dilemmas, dilemma = self._step(request, nummer)
        return self.render(
            request,
            template="meedoen/dilemma_together.html",
            context_overrides={
                "dilemma": dilemma,
                "nummer": nummer,
                "totaal": len(dilemmas),
                # Each step of the discussion is its own address: works without JavaScript.
                "stap": request.GET.get("stap", "situatie"),
            },
        )
