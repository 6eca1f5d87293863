"""The block library: semantic markup per block, restricted rich text, plain text for search."""

import json

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.module_loading import import_string

from wagtail.admin.telepath import JSContext
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.rich_text import RichText

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from kennisbank import blocks
from tests.kennisbank.factories import renditions_made_quietly

VIDEO_URL = "https://www.youtube.com/watch?v=integriteit"


def soup(html) -> BeautifulSoup:
    return BeautifulSoup(str(html), "html.parser")


def render_stream(block_type: str, value, stream_block=None, context=None) -> BeautifulSoup:
    """Render one raw (JSON) block value the way a page does: lazily, through a StreamValue."""
    stream_block = stream_block or blocks.BodyStreamBlock()
    stream = stream_block.to_python([{"type": block_type, "value": value, "id": "b1"}])
    return soup(stream.render_as_block(context=context))


@pytest.fixture(autouse=True)
def _fresh_rendition_cache():
    """Wagtail caches renditions by image id; ids are reused after a test's rollback."""
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def image(db):
    image = wagtail_factories.ImageFactory(title="Teamoverleg", alt_text="")
    make_renditions(image, blocks.IMAGE_RENDITION)
    return image


@pytest.fixture
def document(db):
    document = wagtail_factories.DocumentFactory(
        title="Gedragscode 2019", file__filename="gedragscode-2019.pdf", file__data=b"x" * 2048
    )
    # The admin's upload form stores the size; an update() skips the save signals.
    type(document).objects.filter(pk=document.pk).update(file_size=2048)
    document.refresh_from_db()
    return document


@pytest.fixture
def video_embed(db):
    """A cached embed, so rendering needs no network (Wagtail looks in the Embed table first)."""
    return Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL, None, None),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/x" width="480" height="270">'
        "</iframe>",
        width=480,
        height=270,
    )


def make_renditions(image, *specs):
    """Generate renditions up front (see renditions_made_quietly)."""
    with renditions_made_quietly():
        for spec in specs:
            image.get_rendition(spec)


def contact_person_table_exists() -> bool:
    try:
        model = apps.get_model("kennisbank", "ContactPerson")
    except LookupError:
        return False
    return model._meta.db_table in connection.introspection.table_names()


# --- Rich text ------------------------------------------------------------------------------


def test_rich_text_allows_only_the_restricted_features():
    paragraph = blocks.ParagraphBlock()
    assert paragraph.features == ["bold", "italic", "link", "document-link", "ol", "ul"]
    for feature in ("h1", "h2", "embed", "image", "code"):
        assert feature not in paragraph.features


def test_rich_text_editor_drops_h1_and_raw_html():
    """What an editor stores goes through the editor's converter: h1 and scripts do not survive."""
    widget = blocks.ParagraphBlock().field.widget
    converter = widget.converter
    html = (
        "<h1>Grote kop</h1><p><b>Vet</b> en <script>alert(1)</script>tekst</p>"
        '<iframe src="https://example.com"></iframe><ul><li>punt</li></ul>'
    )
    stored = converter.to_database_format(converter.from_database_format(html))
    assert "<h1" not in stored
    assert "<script" not in stored
    assert "<iframe" not in stored
    assert "<b>Vet</b>" in stored
    assert ">punt</li>" in stored
    assert "Grote kop" in stored  # the text stays, as a plain paragraph


def test_body_stream_has_every_block_and_no_raw_html():
    body = blocks.BodyStreamBlock()
    assert list(body.child_blocks) == [
        "paragraph",
        "heading",
        "callout",
        "faq",
        "steps",
        "quote",
        "image",
        "documents",
        "contacts",
        "key_figures",
        "dilemma",
        "video",
        "article",
        "peiling",
    ]
    assert not any(type(child).__name__ == "RawHTMLBlock" for child in body.child_blocks.values())
    assert list(blocks.ArticleStreamBlock().child_blocks) == ["article", "heading", "paragraph"]
    assert body.child_blocks["faq"].label == "Veelgestelde vragen"
    assert body.child_blocks["paragraph"].label == "Alinea"


@pytest.mark.parametrize(
    ("block", "path", "model"),
    [
        (
            blocks.ContactPersonChooserBlock(label="Contactpersoon"),
            "wagtail.snippets.blocks.SnippetChooserBlock",
            "kennisbank.ContactPerson",
        ),
        (
            blocks.ContentImageChooserBlock(label="Afbeelding"),
            "wagtail.images.blocks.ImageChooserBlock",
            "kennisbank.CustomImage",
        ),
    ],
)
def test_bulk_loading_choosers_deconstruct_to_wagtail_blocks(block, path, model):
    """Migrations name Wagtail's own chooser blocks and can rebuild them from their arguments."""
    found_path, args, kwargs = block.deconstruct()
    assert found_path == path
    rebuilt = import_string(found_path)(*args, **kwargs)
    assert rebuilt.target_model is apps.get_model(model)
    assert rebuilt.label == block.label


# --- Rendering per block ------------------------------------------------------------------


def test_paragraph_renders_rich_text():
    html = render_stream("paragraph", "<p>Een <b>korte</b> tekst.</p>")
    assert html.select_one(".kb-richtext p b").text == "korte"


def test_heading_renders_chosen_level_and_shifts_under_a_section():
    assert render_stream("heading", {"text": "Regels", "level": "h2"}).h2.text == "Regels"
    assert render_stream("heading", {"text": "Details", "level": "h3"}).h3.text == "Details"
    shifted = render_stream(
        "heading", {"text": "Details", "level": "h3"}, context={"block_heading_level": 3}
    )
    assert shifted.h4.text == "Details"


def test_article_renders_number_title_and_text():
    html = render_stream(
        "article",
        {"number": "3", "title": "Geschenken", "text": "<p>Je neemt geen geld aan.</p>"},
        stream_block=blocks.ArticleStreamBlock(),
    )
    article = html.select_one(".kb-article")
    assert article["id"] == "artikel-3"
    assert " ".join(article.h2.text.split()) == "Artikel 3 Geschenken"
    assert article.select_one(".kb-article__text p").text == "Je neemt geen geld aan."


def test_article_value_helpers():
    block = blocks.ArticleBlock()
    value = block.to_python(
        {
            "number": "Artikel 3a",
            "title": "",
            "text": "<p>Eén &amp; twee.</p><ul><li>drie</li></ul>",
        }
    )
    assert value.label == "Artikel 3a"
    assert value.heading == "Artikel 3a"
    assert value.key == "3a"
    assert value.plain_text() == "Eén & twee.\ndrie"
    assert blocks.article_plain_text(value) == value.plain_text()
    assert blocks.article_key("art. 3A") == blocks.article_key(" 3a ") == "3a"


def test_callout_states_its_kind_in_text_not_colour_only():
    html = render_stream(
        "callout", {"kind": "warning", "title": "Geen cadeaus", "text": "<p>Weiger ze.</p>"}
    )
    callout = html.select_one(".kb-callout--warning")
    assert callout["role"] == "note"
    assert "Let op:" in callout.select_one(".kb-callout__kind").text
    assert "Geen cadeaus" in callout.text
    info = render_stream("callout", {"kind": "info", "title": "", "text": "<p>Tip.</p>"})
    assert "Goed om te weten" in info.select_one(".kb-callout__kind").text


def test_faq_renders_details_and_summary():
    html = render_stream(
        "faq",
        {
            "title": "Vragen over melden",
            "questions": [
                {"question": "Mag ik anoniem melden?", "answer": "<p>Ja.</p>"},
                {"question": "Wie leest mijn melding?", "answer": "<p>Het meldpunt.</p>"},
            ],
        },
    )
    assert html.h2.text == "Vragen over melden"
    details = html.select("details.kb-faq__item")
    assert [d.summary.text for d in details] == [
        "Mag ik anoniem melden?",
        "Wie leest mijn melding?",
    ]
    assert details[1].select_one(".kb-faq__answer p").text == "Het meldpunt."


def test_faq_still_reads_values_with_the_first_published_key_items():
    html = render_stream(
        "faq", {"title": "", "items": [{"question": "Oude sleutel?", "answer": "<p>Ja.</p>"}]}
    )
    assert [d.summary.text for d in html.select("details")] == ["Oude sleutel?"]
    value = blocks.FAQBlock().to_python({"items": [{"question": "V?", "answer": "<p>A</p>"}]})
    assert blocks.FAQBlock().get_prep_value(value)["questions"][0]["value"]["question"] == "V?"


def test_steps_render_an_ordered_list_with_headings_in_order():
    html = render_stream(
        "steps",
        {
            "title": "",
            "steps": [
                {"title": "Schrijf op wat je zag", "text": "<p>Datum en plaats.</p>"},
                {"title": "Praat met een vertrouwenspersoon", "text": ""},
            ],
        },
    )
    assert html.h2.text == "Stappen"
    assert "visually-hidden" in html.h2["class"]
    items = html.select("ol.kb-steps__list > li")
    assert [li.h3.text for li in items] == [
        "Schrijf op wat je zag",
        "Praat met een vertrouwenspersoon",
    ]


def test_quote_renders_figure_with_blockquote_and_figcaption():
    html = render_stream("quote", {"quote": "Twijfel? Vraag het.", "attribution": "Anna"})
    assert html.select_one("figure blockquote p").text == "Twijfel? Vraag het."
    assert "Anna" in html.select_one("figure figcaption").text


def test_image_renders_figure_with_alt_text_and_caption(image):
    html = render_stream(
        "image",
        {"image": image.pk, "alt_text": "Vijf collega's aan tafel", "caption": "Teamoverleg"},
    )
    img = html.select_one("figure.kb-image img")
    assert img["alt"] == "Vijf collega's aan tafel"
    assert img["src"].startswith("/media/images/")
    assert html.select_one("figure figcaption").text == "Teamoverleg"


def test_image_block_needs_a_text_alternative_from_the_block_or_the_image(image):
    """Editors write the alt text once, at the image; the block only overrides it. Refused
    only when neither has one and the image is not marked as decoration."""
    block = blocks.ImageBlock()
    with pytest.raises(ValidationError) as refused:
        block.clean(block.to_python({"image": image.pk, "alt_text": " ", "caption": ""}))
    assert "Deze afbeelding heeft nog geen alternatieve tekst" in str(refused.value.block_errors)

    value = block.clean(block.to_python({"image": image.pk, "alt_text": "Een foto", "caption": ""}))
    assert value.alt == "Een foto"

    image.alt_text = "Vijf collega's aan tafel"
    image.save()
    value = block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))
    assert value.alt == "Vijf collega's aan tafel"


def test_image_block_falls_back_to_the_images_own_alt_text(image):
    image.alt_text = "Vijf collega's aan tafel"
    image.save()

    html = render_stream("image", {"image": image.pk, "alt_text": "", "caption": ""})

    assert html.select_one("figure.kb-image img")["alt"] == "Vijf collega's aan tafel"


def test_a_decorative_image_has_an_empty_alt_and_needs_no_text(image):
    block = blocks.ImageBlock()
    raw = {"image": image.pk, "alt_text": "", "decorative": True, "caption": ""}
    assert block.clean(block.to_python(raw)).alt == ""

    image.alt_text = "Een tekst die hier niets toevoegt"
    image.save()
    html = render_stream("image", raw)

    assert html.select_one("figure.kb-image img")["alt"] == ""


def test_images_load_in_bulk(image, django_assert_max_num_queries):
    other = wagtail_factories.ImageFactory(title="Tweede")
    make_renditions(other, blocks.IMAGE_RENDITION)
    raw = [
        {"type": "image", "value": {"image": img.pk, "alt_text": "Foto", "caption": ""}}
        for img in (image, other, image)
    ]
    stream = blocks.BodyStreamBlock().to_python(raw)
    with django_assert_max_num_queries(2):  # the images, and their renditions
        html = soup(stream.render_as_block())
    assert len(html.select("img")) == 3


def test_documents_render_a_list_with_type_and_size(document):
    html = render_stream(
        "documents",
        {"title": "Downloads", "documents": [{"document": document.pk, "label": ""}]},
    )
    link = html.select_one("ul.kb-documents__list > li a")
    assert link.text == "Gedragscode 2019"
    assert link["href"] == document.url
    meta = html.select_one(".kb-documents__meta").text
    assert "PDF" in meta
    assert "2,0" in meta  # 2048 bytes: 2,0 KB in Dutch notation


def test_key_figures_render_a_description_list_with_change_in_words():
    html = render_stream(
        "key_figures",
        {
            "title": "Meldingen",
            "figures": [
                {"number": "42", "unit": "", "label": "Meldingen in 2024", "previous_year": "30"},
                {"number": "7.5", "unit": "%", "label": "Gegrond", "previous_year": None},
            ],
        },
    )
    items = html.select("dl.kb-figures__list > div")
    assert items[0].dt.text == "Meldingen in 2024"
    assert items[0].select_one(".kb-figures__number").text.strip() == "42"
    change = items[0].select_one(".kb-figures__change")
    assert "kb-figures__change--up" in change["class"]
    assert change.select_one("[aria-hidden=true]").text == "▲"
    assert "Vorig jaar: 30. Dat is 12 meer." in change.text
    assert " ".join(items[1].select_one(".kb-figures__number").text.split()) == "7,5 %"
    assert items[1].select_one(".kb-figures__change") is None


def test_key_figure_change_down_and_same():
    block = blocks.KeyFigureBlock()
    down = block.to_python({"number": "1200", "label": "x", "previous_year": "1500.5"})
    assert down.trend() == "down"
    assert down.change_text() == "Vorig jaar: 1.500,5. Dat is 300,5 minder."
    same = block.to_python({"number": "4", "label": "x", "previous_year": "4"})
    assert same.trend() == "same"
    assert "gelijk" in same.change_text()


def test_dilemma_renders_situation_options_and_questions():
    html = render_stream(
        "dilemma",
        {
            "title": "Een kaartje voor de wedstrijd",
            "situation": "<p>Een leverancier biedt je een kaartje aan.</p>",
            "options": ["Je neemt het aan", "Je weigert"],
            "questions": ["Wat zou je collega denken?"],
        },
    )
    assert "Een kaartje voor de wedstrijd" in html.h2.text
    assert [h.text for h in html.select("h3")] == [
        "De situatie",
        "Wat kun je doen?",
        "Vragen om over na te denken",
    ]
    assert [li.text for li in html.select("ol.kb-dilemma__options li")] == [
        "Je neemt het aan",
        "Je weigert",
    ]
    assert html.select_one("ul.kb-dilemma__questions li").text == "Wat zou je collega denken?"


def test_video_iframe_gets_the_title_and_a_transcript(video_embed):
    html = render_stream(
        "video",
        {"video": VIDEO_URL, "title": "Wat doet een vertrouwenspersoon?", "description": "Anna."},
    )
    assert html.select_one("figure.kb-video iframe")["title"] == "Wat doet een vertrouwenspersoon?"
    transcript = html.select_one("details.kb-video__transcript")
    assert transcript.summary.text == "Uitgeschreven tekst van de video"
    assert "Anna." in transcript.text


def test_video_replaces_a_title_of_the_provider():
    block = blocks.VideoBlock()
    value = block.to_python({"video": None, "title": 'Film "A" <b>', "description": "x"})
    value["video"] = type("Embed", (), {"html": '<iframe title="YouTube" src="x"></iframe>'})()
    assert str(value.embed_html()) == (
        '<iframe title="Film &quot;A&quot; &lt;b>" src="x"></iframe>'
    )


def test_video_transcript_is_required(video_embed):
    block = blocks.VideoBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"video": VIDEO_URL, "title": "Film", "description": ""}))
    assert set(error.value.block_errors) == {"description"}
    value = block.clean(block.to_python({"video": VIDEO_URL, "title": "Film", "description": "x"}))
    assert value["description"] == "x"


@pytest.mark.django_db
def test_contact_persons_render_cards(django_assert_max_num_queries):
    if not contact_person_table_exists():
        pytest.skip("kennisbank.ContactPerson has no migration yet (built by the page helper)")
    ContactPerson = apps.get_model("kennisbank", "ContactPerson")
    role = ContactPerson._meta.get_field("role").choices[0][0]
    photo = wagtail_factories.ImageFactory(title="Portret")
    make_renditions(photo, blocks.PHOTO_RENDITION)
    people = [
        ContactPerson.objects.create(
            name=f"Persoon {n}",
            role=role,
            phone="030 123 45 67",
            email=f"persoon{n}@provincie.example",
            availability="Maandag en donderdag",
            introduction="Ik luister en denk mee.",
            is_external=n == 2,
            photo=photo if n != 1 else None,
        )
        for n in range(3)
    ]
    raw = [
        {
            "type": "contacts",
            "value": {"title": "Vertrouwenspersonen", "people": [p.pk for p in people]},
        }
    ]
    stream = blocks.BodyStreamBlock().to_python(raw)
    with django_assert_max_num_queries(2):  # the persons with photos, and the renditions
        html = soup(stream.render_as_block())
    assert html.h2.text == "Vertrouwenspersonen"
    cards = html.select("ul.kb-contacts__list > li.kb-contact")
    assert [card.h3.text for card in cards] == ["Persoon 0", "Persoon 1", "Persoon 2"]
    assert cards[0].select_one('a[href="tel:0301234567"]').text == "030 123 45 67"
    assert cards[0].select_one('a[href="mailto:persoon0@provincie.example"]')
    assert people[0].get_role_display() in cards[0].text
    assert cards[0].img["alt"] == ""
    assert cards[1].img is None
    assert "extern" in cards[2].select_one(".kb-contact__role").text


# --- Plain text and the whole stream ------------------------------------------------------


def test_stream_plain_text_is_text_without_markup():
    stream = blocks.ArticleStreamBlock().to_python(
        [
            {"type": "heading", "value": {"text": "Hoofdstuk 1", "level": "h2"}},
            {
                "type": "article",
                "value": {
                    "number": "1",
                    "title": "Begrippen",
                    "text": '<p>Een <a href="https://example.com">melding</a> &amp; meer.</p>',
                },
            },
            {"type": "paragraph", "value": "<p>Slot<b>tekst</b>.</p>"},
        ]
    )
    text = blocks.stream_plain_text(stream)
    assert "Hoofdstuk 1" in text
    assert "Artikel 1 Begrippen" in text
    assert "Een melding & meer." in text
    assert "Slottekst." in text
    assert "<" not in text
    assert "h2" not in text  # choice codes are not indexed
    assert blocks.stream_plain_text(None) == ""


def test_richtext_plain_text_accepts_richtext_and_strings():
    assert blocks.richtext_plain_text(RichText("<p>a</p><p>b</p>")) == "a\nb"
    assert blocks.richtext_plain_text("<ol><li>een</li><li>twee</li></ol>") == "een\ntwee"
    assert blocks.richtext_plain_text(None) == ""


def test_body_stream_with_every_block_renders(image, document, video_embed):
    from tests.meedoen.test_polls import make_poll

    poll = make_poll(vraag="Peilingvraag?")
    raw = [
        {"type": "paragraph", "value": "<p>Inleiding.</p>"},
        {"type": "heading", "value": {"text": "Zo werkt het", "level": "h2"}},
        {"type": "callout", "value": {"kind": "info", "title": "Tip", "text": "<p>Vraag.</p>"}},
        {
            "type": "faq",
            "value": {"title": "", "questions": [{"question": "Vraag?", "answer": "<p>Ja.</p>"}]},
        },
        {"type": "steps", "value": {"title": "Stappen", "steps": [{"title": "Een", "text": ""}]}},
        {"type": "quote", "value": {"quote": "Citaattekst", "attribution": ""}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "Alt", "caption": ""}},
        {"type": "documents", "value": {"title": "", "documents": [{"document": document.pk}]}},
        {"type": "contacts", "value": {"title": "", "people": []}},
        {
            "type": "key_figures",
            "value": {"title": "", "figures": [{"number": "3", "label": "Cijfer"}]},
        },
        {
            "type": "dilemma",
            "value": {
                "title": "Dilemma",
                "situation": "<p>Situatie.</p>",
                "options": ["A"],
                "questions": ["B?"],
            },
        },
        {"type": "video", "value": {"video": VIDEO_URL, "title": "Film", "description": "Tekst"}},
        {"type": "article", "value": {"number": "1", "title": "", "text": "<p>Artikeltekst.</p>"}},
        {"type": "peiling", "value": {"peiling": poll.pk}},
    ]
    stream = blocks.BodyStreamBlock().to_python(raw)
    assert {child.block_type for child in stream} == set(blocks.BodyStreamBlock().child_blocks)
    html = soup(stream.render_as_block())
    for text in (
        "Inleiding.",
        "Vraag?",
        "Citaattekst",
        "Situatie.",
        "Artikeltekst.",
        "Cijfer",
        "Peilingvraag?",
    ):
        assert text in html.text
    assert html.select_one("iframe")["title"] == "Film"
    plain = blocks.stream_plain_text(stream)
    assert "Artikeltekst." in plain
    assert "<" not in plain


@pytest.mark.django_db
def test_editor_can_load_every_block_with_dutch_labels():
    """The admin packs the block definitions for the editor (chooser widgets included)."""
    packed = json.dumps(JSContext().pack(blocks.BodyStreamBlock()))
    for label in (
        "Alinea",
        "Tussenkop",
        "Artikel",
        "Let op-blok",
        "Veelgestelde vragen",
        "Stappen",
        "Citaat",
        "Afbeelding",
        "Documenten",
        "Contactpersonen",
        "Kerncijfers",
        "Dilemma",
        "Video",
        "Peiling",
    ):
        assert f'"{label}"' in packed


# --- Validation of articles ----------------------------------------------------------------


def _article(number, text):
    return {"number": number, "title": "", "text": text}


@pytest.mark.parametrize(
    ("number", "text", "field", "message"),
    [
        ("Artikel", "<p>Tekst.</p>", "number", "Schrijf het nummer van het artikel"),
        ("art. ", "<p>Tekst.</p>", "number", "Schrijf het nummer van het artikel"),
        ("1", '<p data-block-key="a"></p>', "text", "Schrijf de tekst van het artikel."),
        ("1", "<p> </p><ul><li></li></ul>", "text", "Schrijf de tekst van het artikel."),
    ],
)
def test_article_needs_a_real_number_and_text(number, text, field, message):
    block = blocks.ArticleBlock()

    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(_article(number, text)))

    assert message in str(error.value.block_errors[field])


def test_article_with_number_and_text_is_valid():
    block = blocks.ArticleBlock()

    value = block.clean(block.to_python(_article("Artikel 3a", "<p>Meld het.</p>")))

    assert value.key == "3a"


def test_a_version_may_not_use_an_article_number_twice():
    stream = blocks.ArticleStreamBlock()
    value = stream.to_python(
        [
            {"type": "article", "value": _article("3", "<p>Een.</p>")},
            {"type": "heading", "value": {"text": "Tussenkop", "level": "h2"}},
            {"type": "article", "value": _article("Art. 3", "<p>Twee.</p>")},
        ]
    )

    with pytest.raises(ValidationError) as error:
        stream.clean(value)

    assert list(error.value.block_errors) == [2]
    assert "Artikel 3 staat al in deze versie." in str(error.value.block_errors[2].block_errors)


def test_a_draft_may_hold_an_unfinished_version():
    """Saving a draft defers these checks (Wagtail's deferred validation); submitting does not."""
    stream = blocks.ArticleStreamBlock()
    value = stream.to_python(
        [
            {"type": "article", "value": _article("3", "<p></p>")},
            {"type": "article", "value": _article("3", "<p>Twee.</p>")},
        ]
    )

    assert len(stream.clean_deferred(value)) == 2
    with pytest.raises(ValidationError):
        stream.clean(value)
