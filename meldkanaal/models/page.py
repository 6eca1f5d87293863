"""The report form page: the communications team edits its texts, kinds and extra questions.

Its POST goes to `meldkanaal.services.submit_report`, never to Wagtail's form builder, so
nothing of a report lands in wagtailforms_formsubmission, page revisions or e-mails.
"""

from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from integriteitsplein.listing import ListedPage

from ..constants import Soort

_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol", "h2", "h3"]


def _kept_forms(formset):
    """The inline forms that stay after saving: filled in and not marked for deletion."""
    formset.is_valid()  # ClusterForm cleans the formsets after the page form; do it now
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or not form.cleaned_data:
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            continue
        yield form


class MeldFormPageForm(WagtailAdminPageForm):
    """Refuses a kind offered twice and the same extra question twice (the reporter would
    see two identical choices or fields, and answers are stored by question)."""

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for form in _kept_forms(self.formsets["soorten"]):
            soort = form.cleaned_data.get("soort")
            if soort in seen:
                form.add_error(
                    "soort",
                    f"De soort ‘{Soort(soort).label}’ staat er al. Kies elke soort maar één keer.",
                )
            seen.add(soort)
        seen = set()
        for form in _kept_forms(self.formsets["vragen"]):
            label = " ".join(form.cleaned_data.get("label", "").split())
            key = label.casefold()
            if key and key in seen:
                form.add_error(
                    "label", f"De vraag ‘{label}’ staat er al. Stel elke vraag maar één keer."
                )
            seen.add(key)
        return cleaned


class MeldFormPage(ListedPage, Page):
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
    # Pages the reporter may need before reporting, linked in the side column (all three
    # should be open without login: external reporters read them too, ADR 0008).
    praten_pagina = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="pagina ‘Met wie kan ik praten?’",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    misstand_pagina = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="pagina ‘Wat is een misstand?’",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    regeling_pagina = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="regeling melden vermoeden van een misstand",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="De regeling waaronder de melder meldt.",
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
        MultiFieldPanel(
            [
                PageChooserPanel("praten_pagina", ["kennisbank.ContactOverviewPage"]),
                PageChooserPanel("misstand_pagina", ["kennisbank.ContentPage"]),
                PageChooserPanel("regeling_pagina", ["kennisbank.PolicyDocumentPage"]),
            ],
            heading="Links in de zijkolom",
            help_text="Pagina's die een melder vooraf wil lezen. Zet ze open voor lezers "
            "zonder account, want ook externe melders gebruiken dit formulier.",
        ),
    ]

    base_form_class = MeldFormPageForm

    page_description = "Het formulier om een vermoeden van een misstand of schending te melden."
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    # The empty form is stored by the page cache per audience, its tokens and nonce filled in
    # per response (ADR 0025); a POST, an error and the preview never are.
    page_cache = True
    # Its POST is never a page cache hit: the route to it is remembered (routememo, ADR 0025).
    remember_route = True

    class Meta:
        verbose_name = "meldformulier"

    type_label = "Melden"  # in search results and lists

    def aangeboden_soorten(self) -> list[tuple[str, str, str]]:
        """(value, label, explanation) of the kinds on offer, in the editors' order."""
        chosen = list(self.soorten.all())
        if not chosen:
            return [(value, label, "") for value, label in Soort.choices]
        return [(s.soort, Soort(s.soort).label, s.uitleg) for s in chosen]

    def zijkolom_links(self) -> list[tuple[str, Page]]:
        """(link text, page) of the chosen side-column pages that are live."""
        links = [
            ("Met wie kan ik praten?", self.praten_pagina),
            ("Wat is een misstand?", self.misstand_pagina),
            (None, self.regeling_pagina),
        ]
        return [(text or page.title, page.specific) for text, page in links if page and page.live]

    def wegwijzer(self, user=None) -> Page | None:
        """The live "Waar meld ik wat?" guide (meedoen's WegwijzerPage, one at most), looked up
        by its type: no page field, so no migration, and no link when there is none. For a
        visitor without a login (an external reporter) only when that page is open to them:
        a link to a login page helps nobody."""
        from django.apps import apps
        from django.conf import settings

        try:
            model = apps.get_model("meedoen", "WegwijzerPage")
        except LookupError:
            return None
        guide = model.objects.live().first()
        if guide is None:
            return None
        logged_in = user is not None and user.is_authenticated
        if (
            settings.INTRANET_LOGIN_REQUIRED
            and not logged_in
            and not getattr(guide, "open_without_login", False)
        ):
            return None
        return guide

    # The views that answer for this page, set by MeldkanaalConfig.ready(): the page does not
    # import the views (page → views → services → models would be an import cycle).
    form_view = None
    preview_view = None

    def serve(self, request, *args, **kwargs):
        request.is_meldkanaal = True  # error reports hide everything of it (errors.py)
        return type(self).form_view(request, self)

    def serve_preview(self, request, mode_name):
        """The real form as the reporter will see it, but one that cannot be sent: Wagtail's
        preview request is a GET, and the form carries no token and a disabled button."""
        request.is_meldkanaal = True
        return type(self).preview_view(request, self)


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
        # A question not saved yet (in the editor's preview) has no pk; any unique name will do.
        return f"vraag_{self.pk}" if self.pk else f"vraag_nieuw_{id(self)}"
