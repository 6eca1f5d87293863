"""The StreamField block library of the Integriteitsplein, used by every page type.

Stream blocks (use these in a ``StreamField``):

- ``BodyStreamBlock``: the body of theme, content, e-learning and news pages. Children:
  ``paragraph``, ``heading``, ``callout``, ``faq``, ``steps``, ``quote``, ``image``,
  ``documents``, ``contacts``, ``key_figures``, ``dilemma``, ``video``, ``article``.
- ``ArticleStreamBlock``: the text of one version of a policy document. Children:
  ``article``, ``heading``, ``paragraph``.

There is deliberately no raw-HTML block, and rich text only allows ``RICH_TEXT_FEATURES``
(bold, italic, link, document-link, ol, ul): no h1, no embeds, no raw HTML.

Plain text helpers (for diffs of policy versions and for the search index):

- ``richtext_plain_text(value) -> str``: the text of a RichText (or HTML string), one line per
  paragraph or list item, without markup.
- ``article_plain_text(value) -> str``: the text of one ``ArticleBlock`` value (the same as
  ``value.plain_text()``). ``ArticleValue`` also has ``.label`` ("Artikel 3"), ``.key``
  ("3", a stable key to match the same article in two versions) and ``.heading``.
- ``article_key(number) -> str``: normalises "Artikel 3a" / "art. 3a" / "3a" to "3a".
- ``stream_plain_text(stream_value) -> str``: the searchable plain text of any StreamField
  value built from these blocks (no markup, no choice codes, no URLs).

Templates live in ``templates/blocks/<name>.html``. Headings inside blocks start at level 2
(the page title is the h1). Pass ``block_heading_level=3`` to ``{% include_block %}`` when a
stream is rendered under an h2 of the page; titles of articles use ``article_heading_level``
(default 2), e.g. ``{% include_block block with article_heading_level=3 %}``.
"""

import re
from decimal import Decimal
from html import unescape

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]

# --- Plain text helpers -------------------------------------------------------------------

_BLOCK_END = re.compile(r"</(p|h\d|li|blockquote|div|ul|ol)\s*>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def richtext_plain_text(value) -> str:
    """Return the text of a RichText value (or an HTML string): one line per block, no markup."""
    if value is None:
        return ""
    source = getattr(value, "source", value)
    text = unescape(strip_tags(_BLOCK_END.sub("\n", str(source))))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_ARTICLE_PREFIX = re.compile(r"^\s*(artikel|art\.?)\s*", re.IGNORECASE)


def article_key(number: str) -> str:
    """Normalise an article number ("Artikel 3a", "art. 3a", " 3A ") to a comparable key ("3a")."""
    return _SPACES.sub(" ", _ARTICLE_PREFIX.sub("", number or "")).strip().lower()


def article_plain_text(value) -> str:
    """Return the plain text of an ArticleBlock value (its text, without number or title)."""
    return richtext_plain_text(value.get("text"))


def stream_plain_text(stream_value) -> str:
    """Return the searchable plain text of a StreamField value (blocks joined by newlines)."""
    if not stream_value:
        return ""
    parts = stream_value.stream_block.get_searchable_content(stream_value)
    return "\n".join(part.strip() for part in parts if part and part.strip())


def _format_number(number) -> str:
    """Dutch notation of a number: 1.234,5 (no trailing zeros)."""
    if number is None:
        return ""
    number = Decimal(number)
    if number == number.to_integral_value():
        text = f"{int(number):,}"
        return text.replace(",", ".")
    text = f"{number.normalize():,f}"
    whole, _, fraction = text.partition(".")
    return f"{whole.replace(',', '.')},{fraction}"


# --- Simple blocks ------------------------------------------------------------------------


class ParagraphBlock(blocks.RichTextBlock):
    """Running text with a restricted set of rich text features."""

    def __init__(self, features=None, **kwargs):
        super().__init__(features=features or RICH_TEXT_FEATURES, **kwargs)

    def get_searchable_content(self, value):
        return [richtext_plain_text(value)] if self.search_index else []

    class Meta:
        label = "Alinea"
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        description = "Lopende tekst. Je kunt vet, cursief, links en lijstjes gebruiken."


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="Tekst", max_length=200)
    level = blocks.ChoiceBlock(
        label="Niveau",
        choices=[("h2", "Kop 2 (hoofdstuk)"), ("h3", "Kop 3 (paragraaf)")],
        default="h2",
        search_index=False,
        help_text="Gebruik kop 3 alleen onder een kop 2.",
    )

    class Meta:
        label = "Tussenkop"
        icon = "title"
        template = "blocks/heading.html"
        help_text = "Een kop boven een stuk tekst. Kies kop 2, of kop 3 voor een deel daarvan."


class ArticleValue(blocks.StructValue):
    @property
    def key(self) -> str:
        return article_key(self.get("number"))

    @property
    def label(self) -> str:
        number = (self.get("number") or "").strip()
        if _ARTICLE_PREFIX.match(number):
            return number
        return f"Artikel {number}"

    @property
    def heading(self) -> str:
        title = (self.get("title") or "").strip()
        return f"{self.label} {title}" if title else self.label

    def plain_text(self) -> str:
        return article_plain_text(self)


class ArticleBlock(blocks.StructBlock):
    number = blocks.CharBlock(
        label="Nummer",
        max_length=20,
        help_text=(
            "Bijvoorbeeld 3 of 3a. Houd het nummer gelijk tussen versies: "
            "zo kunnen lezers de versies per artikel vergelijken."
        ),
    )
    title = blocks.CharBlock(label="Titel", required=False, max_length=200)
    text = ParagraphBlock(label="Tekst")

    def get_searchable_content(self, value):
        return [value.heading, article_plain_text(value)]

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:  # a draft may be unfinished
            return value
        errors = {}
        if value.get("number") and not value.key:
            errors["number"] = ValidationError(
                "Schrijf het nummer van het artikel, bijvoorbeeld 3 of 3a."
            )
        if value.get("text") is not None and not value.plain_text():
            errors["text"] = ValidationError("Schrijf de tekst van het artikel.")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        label = "Artikel"
        icon = "list-ol"
        template = "blocks/article.html"
        value_class = ArticleValue
        help_text = "Een genummerd artikel van een regeling of gedragscode."


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label="Soort",
        choices=[("info", "Goed om te weten"), ("warning", "Let op")],
        default="info",
        search_index=False,
    )
    title = blocks.CharBlock(label="Titel", required=False, max_length=200)
    text = ParagraphBlock(label="Tekst")

    class Meta:
        label = "Let op-blok"
        icon = "warning"
        template = "blocks/callout.html"
        help_text = "Een opvallend blok voor een tip of een waarschuwing."


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="Vraag", max_length=255)
    answer = ParagraphBlock(label="Antwoord")

    class Meta:
        label = "Vraag en antwoord"
        icon = "help"


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", required=False, max_length=200)
    questions = blocks.ListBlock(FAQItemBlock(), label="Vragen", min_num=1)

    # The first published version of this API called the list "items"; values stored that way
    # (or written by code built against it) still load. Saving stores them as "questions".
    @staticmethod
    def _upgrade(value):
        if isinstance(value, dict) and "questions" not in value and "items" in value:
            value = {("questions" if key == "items" else key): val for key, val in value.items()}
        return value

    def to_python(self, value):
        return super().to_python(self._upgrade(value))

    def bulk_to_python(self, values):
        return super().bulk_to_python([self._upgrade(value) for value in values])

    class Meta:
        label = "Veelgestelde vragen"
        icon = "help"
        template = "blocks/faq.html"
        help_text = "Vragen die de lezer kan openklappen om het antwoord te lezen."


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", max_length=200)
    text = ParagraphBlock(label="Uitleg", required=False)

    class Meta:
        label = "Stap"
        icon = "arrow-right"


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", required=False, max_length=200)
    steps = blocks.ListBlock(StepBlock(), label="Stappen", min_num=1)

    class Meta:
        label = "Stappen"
        icon = "list-ol"
        template = "blocks/steps.html"
        help_text = "Stappen in een vaste volgorde, bijvoorbeeld hoe je een melding doet."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label="Citaat")
    attribution = blocks.CharBlock(
        label="Van wie",
        required=False,
        max_length=200,
        help_text="Bijvoorbeeld: Anna, vertrouwenspersoon.",
    )

    class Meta:
        label = "Citaat"
        icon = "openquote"
        template = "blocks/quote.html"
        help_text = "Een uitspraak van iemand, met wie het zei."


IMAGE_RENDITION = "max-1200x1200"
PHOTO_RENDITION = "fill-160x160"


class ContentImageChooserBlock(ImageChooserBlock):
    """Chooses an image; loads all images of a page and their renditions in two queries."""

    def bulk_to_python(self, values):
        objects = self.model_class.objects.prefetch_renditions(IMAGE_RENDITION).in_bulk(
            [value for value in values if value is not None]
        )
        return [objects.get(value) for value in values]

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return ("wagtail.images.blocks.ImageChooserBlock", args, kwargs)


class ImageValue(blocks.StructValue):
    @property
    def alt(self) -> str:
        """The text alternative: the block's own, else the image's; empty for decoration."""
        if self.get("decorative"):
            return ""
        image = self.get("image")
        return (self.get("alt_text") or "").strip() or getattr(image, "alt_text", "") or ""


class ImageBlock(blocks.StructBlock):
    image = ContentImageChooserBlock(label="Afbeelding")
    alt_text = blocks.CharBlock(
        label="Alternatieve tekst",
        required=False,
        max_length=255,
        help_text=(
            "Laat leeg om de alternatieve tekst van de afbeelding zelf te gebruiken. Vul in als "
            "de afbeelding hier iets anders laat zien dan elders."
        ),
    )
    decorative = blocks.BooleanBlock(
        label="Alleen versiering",
        required=False,
        help_text=(
            "Vink aan als de afbeelding niets toevoegt aan de tekst. Een schermlezer slaat hem "
            "dan over."
        ),
    )
    caption = blocks.CharBlock(label="Onderschrift", required=False, max_length=255)

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation or not value.get("image") or value.alt:
            return value
        if not value.get("decorative"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        "Deze afbeelding heeft nog geen alternatieve tekst. Schrijf hier wat er "
                        "te zien is, of vul het in bij de afbeelding zelf (menu Afbeeldingen). "
                        "Voegt de afbeelding niets toe? Vink dan ‘Alleen versiering’ aan."
                    )
                }
            )
        return value

    class Meta:
        label = "Afbeelding"
        icon = "image"
        template = "blocks/image.html"
        value_class = ImageValue
        help_text = "Een afbeelding, met een beschrijving voor wie hem niet kan zien."


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="Document")
    label = blocks.CharBlock(
        label="Linktekst",
        required=False,
        max_length=255,
        help_text="Laat leeg om de titel van het document te gebruiken.",
    )

    class Meta:
        label = "Document"
        icon = "doc-full"


class DocumentLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", required=False, max_length=200)
    documents = blocks.ListBlock(DocumentLinkBlock(), label="Documenten", min_num=1)

    class Meta:
        label = "Documenten"
        icon = "doc-full"
        template = "blocks/documents.html"
        help_text = "Links naar documenten, met bestandstype en grootte."


class ContactPersonChooserBlock(SnippetChooserBlock):
    """Chooses a ContactPerson; loads all chosen people and their photos in few queries."""

    def __init__(self, **kwargs):
        super().__init__("kennisbank.ContactPerson", **kwargs)

    def bulk_to_python(self, values):
        objects = (
            self.model_class.objects.select_related("photo")
            .prefetch_related(
                models.Prefetch(
                    "photo__renditions",
                    queryset=get_image_model()
                    .get_rendition_model()
                    .objects.filter(filter_spec=PHOTO_RENDITION),
                )
            )
            .in_bulk([value for value in values if value is not None])
        )
        return [objects.get(value) for value in values]

    def deconstruct(self):
        # Migrations refer to a plain SnippetChooserBlock; the query optimisation is runtime only.
        _path, _args, kwargs = super().deconstruct()
        return (
            "wagtail.snippets.blocks.SnippetChooserBlock",
            ("kennisbank.ContactPerson",),
            kwargs,
        )


class ContactPersonsValue(blocks.StructValue):
    @property
    def live_people(self) -> list:
        """The chosen persons that are published; a new person shows once approved."""
        return [person for person in self.get("people") or [] if person and person.live]


class ContactPersonsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", required=False, max_length=200)
    people = blocks.ListBlock(
        ContactPersonChooserBlock(label="Contactpersoon"), label="Contactpersonen", min_num=1
    )

    class Meta:
        label = "Contactpersonen"
        icon = "group"
        template = "blocks/contacts.html"
        value_class = ContactPersonsValue
        help_text = (
            "Kies een of meer contactpersonen. Hun gegevens komen uit de lijst met contactpersonen."
        )


class KeyFigureValue(blocks.StructValue):
    def display_number(self) -> str:
        return _format_number(self.get("number"))

    def display_previous_year(self) -> str:
        return _format_number(self.get("previous_year"))

    def change(self):
        """The difference with the previous year, or None when there is none to compare."""
        previous, number = self.get("previous_year"), self.get("number")
        if previous is None or number is None:
            return None
        return Decimal(number) - Decimal(previous)

    def trend(self) -> str:
        """ "up", "down", "same" or "" (no previous year)."""
        change = self.change()
        if change is None:
            return ""
        return "up" if change > 0 else "down" if change < 0 else "same"

    def change_text(self) -> str:
        """The change in words, so it does not depend on colour or an arrow alone."""
        change = self.change()
        if change is None:
            return ""
        unit = self.get("unit") or ""
        previous = f"{self.display_previous_year()} {unit}".strip()
        if change == 0:
            return f"Vorig jaar: {previous}. Dat is gelijk gebleven."
        direction = "meer" if change > 0 else "minder"
        return f"Vorig jaar: {previous}. Dat is {_format_number(abs(change))} {direction}."


class KeyFigureBlock(blocks.StructBlock):
    number = blocks.DecimalBlock(label="Getal", max_digits=14, decimal_places=2)
    unit = blocks.CharBlock(
        label="Eenheid", required=False, max_length=30, help_text="Bijvoorbeeld % of dagen."
    )
    label = blocks.CharBlock(
        label="Omschrijving", max_length=200, help_text="Bijvoorbeeld: meldingen in 2024."
    )
    previous_year = blocks.DecimalBlock(
        label="Vorig jaar",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text="Optioneel. Dan tonen we het verschil met vorig jaar.",
    )

    class Meta:
        label = "Kerncijfer"
        icon = "table"
        value_class = KeyFigureValue


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", required=False, max_length=200)
    figures = blocks.ListBlock(KeyFigureBlock(), label="Cijfers", min_num=1)

    class Meta:
        label = "Kerncijfers"
        icon = "table"
        template = "blocks/key_figures.html"
        help_text = "Een paar belangrijke cijfers, met het verschil met vorig jaar."


class DilemmaBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Titel", max_length=200)
    situation = ParagraphBlock(
        label="Situatie", help_text="Beschrijf de situatie kort en concreet."
    )
    options = blocks.ListBlock(
        blocks.CharBlock(label="Keuze", max_length=500),
        label="Wat kun je doen?",
        help_text="De keuzes die de lezer heeft.",
    )
    questions = blocks.ListBlock(
        blocks.CharBlock(label="Vraag", max_length=500),
        label="Vragen om over na te denken",
    )

    class Meta:
        label = "Dilemma"
        icon = "pick"
        template = "blocks/dilemma.html"
        help_text = "Een situatie uit de praktijk om over na te denken of samen te bespreken."


_IFRAME_TAG = re.compile(r"<iframe\b([^>]*)>", re.IGNORECASE)


class VideoValue(blocks.StructValue):
    def embed_html(self):
        """The embed HTML with the video's title on the iframe (screen readers announce it)."""
        video = self.get("video")
        html = getattr(video, "html", "") or ""
        title = (self.get("title") or "").replace('"', "&quot;").replace("<", "&lt;")

        def add_title(match):
            attrs = match.group(1)
            if re.search(r"\stitle\s*=", attrs, re.IGNORECASE):
                attrs = re.sub(
                    r'\stitle\s*=\s*("[^"]*"|\'[^\']*\'|\S+)', "", attrs, flags=re.IGNORECASE
                )
            return f'<iframe title="{title}"{attrs}>'

        return mark_safe(_IFRAME_TAG.sub(add_title, html))  # noqa: S308 - HTML from the embed finder


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label="Video-adres",
        search_index=False,
        help_text="Het adres van de video, bijvoorbeeld op YouTube of Vimeo.",
    )
    title = blocks.CharBlock(label="Titel van de video", max_length=200)
    description = blocks.TextBlock(
        label="Uitgeschreven tekst of beschrijving",
        help_text=(
            "Verplicht. Wat er in de video gezegd en getoond wordt, "
            "voor wie de video niet kan zien of horen."
        ),
    )

    class Meta:
        label = "Video"
        icon = "media"
        template = "blocks/video.html"
        help_text = (
            "Een video, bijvoorbeeld van YouTube of Vimeo, met de uitgeschreven tekst erbij."
        )
        value_class = VideoValue


class PeilingBlock(blocks.StructBlock):
    """A poll (meedoen.Peiling snippet) in a body: the vote form, or the result once voted or
    closed. The poll component and its rules are the meedoen app's; this only places it, as
    a per-reader fragment (the page cache's "peiling", as on the home page), so the page
    around it is the same for everyone and cached."""

    peiling = SnippetChooserBlock("meedoen.Peiling", label="Peiling")

    class Meta:
        label = "Peiling"
        icon = "list-ul"
        template = "meedoen/includes/peiling_block.html"
        help_text = "Een peiling: medewerkers stemmen één keer en zien daarna de uitslag."


# --- Streams ------------------------------------------------------------------------------


class BodyStreamBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    callout = CalloutBlock()
    faq = FAQBlock()
    steps = StepsBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    documents = DocumentLinksBlock()
    contacts = ContactPersonsBlock()
    key_figures = KeyFiguresBlock()
    dilemma = DilemmaBlock()
    video = VideoBlock()
    article = ArticleBlock()
    peiling = PeilingBlock()

    class Meta:
        label = "Inhoud"


class ArticleStreamBlock(blocks.StreamBlock):
    article = ArticleBlock()
    heading = HeadingBlock()
    paragraph = ParagraphBlock()

    def clean(self, value):
        """Each article number once: the comparison of versions matches articles on it."""
        value = super().clean(value)
        if self.is_deferred_validation:
            return value
        seen, errors = {}, {}
        for index, child in enumerate(value):
            if child.block_type != "article" or not child.value.key:
                continue
            key = child.value.key
            if key in seen:
                errors[index] = blocks.StructBlockValidationError(
                    block_errors={
                        "number": ValidationError(
                            f"Artikel {key} staat al in deze versie. "
                            "Geef elk artikel een eigen nummer."
                        )
                    }
                )
            seen.setdefault(key, index)
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value

    class Meta:
        label = "Tekst van de versie"
