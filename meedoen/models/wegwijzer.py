"""'Waar meld ik wat?': a few questions with plain answers that lead to the right door.

Each question and door is a block with a code; an answer names the code it leads to. Each step
is its own address (`?stap=<code>`), so the guide works without JavaScript and the back button
works as expected. The page refuses to be saved with an answer that leads nowhere.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.urls import reverse

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from integriteitsplein.listing import ListedPage
from integriteitsplein.models import OpenWithoutLoginMixin
from kennisbank.blocks import ParagraphBlock

_code = RegexValidator(r"^[a-z0-9-]+$", "Gebruik kleine letters, cijfers en streepjes.")


class AntwoordBlock(blocks.StructBlock):
    tekst = blocks.CharBlock(label="Antwoord", max_length=200)
    naar = blocks.CharBlock(
        label="Gaat naar (code)",
        max_length=40,
        help_text="De code van de volgende vraag of van een deur.",
        validators=[_code],
    )


class VraagBlock(blocks.StructBlock):
    code = blocks.CharBlock(label="Code", max_length=40, validators=[_code])
    vraag = blocks.CharBlock(label="Vraag", max_length=200)
    toelichting = blocks.TextBlock(label="Toelichting", required=False)
    antwoorden = blocks.ListBlock(AntwoordBlock(), label="Antwoorden", min_num=2, max_num=5)

    class Meta:
        label = "Vraag"
        icon = "help"


class DeurBlock(blocks.StructBlock):
    code = blocks.CharBlock(label="Code", max_length=40, validators=[_code])
    titel = blocks.CharBlock(
        label="Deur", max_length=120, help_text="Bijvoorbeeld: de vertrouwenspersoon."
    )
    wat = ParagraphBlock(label="Wat doet deze deur voor je?")
    daarna = ParagraphBlock(label="Wat gebeurt er daarna?")
    bescherming = ParagraphBlock(label="Welke bescherming heb je?")
    pagina = blocks.PageChooserBlock(label="Pagina op het plein", required=False)
    url = blocks.URLBlock(label="Of een adres buiten het plein", required=False)
    link_tekst = blocks.CharBlock(label="Tekst van de link", max_length=80, required=False)

    class Meta:
        label = "Deur"
        icon = "door"


class WegwijzerStreamBlock(blocks.StreamBlock):
    vraag = VraagBlock()
    deur = DeurBlock()


class WegwijzerPage(OpenWithoutLoginMixin, ListedPage, Page):
    intro = models.TextField("inleiding", blank=True)
    stappen = StreamField(
        WegwijzerStreamBlock(),
        verbose_name="vragen en deuren",
        help_text="De eerste vraag is het begin. "
        "Elk antwoord gaat naar de code van een vraag of een deur.",
    )

    type_label = "Wegwijzer"
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("stappen")]
    # Open it for external reporters (a supplier, a former employee) who must choose a door too.
    settings_panels = [*Page.settings_panels, FieldPanel("open_without_login")]
    page_description = "'Waar meld ik wat?': vragen die naar de juiste deur leiden."
    parent_page_types = ["home.HomePage", "meedoen.MeedoenPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "wegwijzer ‘Waar meld ik wat?’"

    def steps(self) -> dict:
        return {block.value["code"]: block for block in self.stappen}

    def clean(self):
        super().clean()
        codes = [block.value["code"] for block in self.stappen]
        problems = []
        if len(codes) != len(set(codes)):
            problems.append("Elke code mag maar één keer voorkomen.")
        if not self.stappen or self.stappen[0].block_type != "vraag":
            problems.append("Begin met een vraag.")
        for block in self.stappen:
            if block.block_type != "vraag":
                continue
            for antwoord in block.value["antwoorden"]:
                if antwoord["naar"] not in codes:
                    problems.append(
                        f"Het antwoord ‘{antwoord['tekst']}’ gaat naar ‘{antwoord['naar']}’, "
                        "maar die code bestaat niet."
                    )
        if problems:
            raise ValidationError(problems)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        steps = self.steps()
        code = request.GET.get("stap")
        if code is None:
            current = self.stappen[0] if self.stappen else None
        elif code in steps:
            current = steps[code]
        else:
            raise Http404("Deze stap bestaat niet. Begin opnieuw.")
        context["stap"] = current
        context["is_begin"] = code is None
        if current is not None and current.block_type == "deur" and current.value["pagina"]:
            door = current.value["pagina"]
            if not self._open_to(request, door):
                next_path = quote(door.get_url(request=request) or "/")
                context["deur_login_url"] = f"{reverse(settings.LOGIN_URL)}?next={next_path}"
        return context

    @staticmethod
    def _open_to(request, page) -> bool:
        """Can this visitor open the door's page? A visitor without a login (an external
        reporter on an open guide) reaches the meldkanaal and the pages opened for them only;
        for the rest the guide says so instead of sending them to a login they do not have."""
        if request.user.is_authenticated or not settings.INTRANET_LOGIN_REQUIRED:
            return True
        path = page.get_url(request=request) or ""
        if any(path.startswith(public) for public in settings.INTRANET_PUBLIC_PATHS):
            return True
        return bool(getattr(page.specific, "open_without_login", False))
