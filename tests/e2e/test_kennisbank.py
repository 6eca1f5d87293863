"""The kennisbank in a real browser: the code of conduct and its versions, whom to talk to,
and every page type checked with axe, at 320 px and with text at 200 %."""

import itertools
import re

from django.utils import timezone

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from kennisbank.demo import revision_news_title
from tests.e2e.helpers import (
    DESKTOP,
    assert_no_axe_violations,
    check_page_type,
    follow,
    main_text,
    tab_to,
)

pytestmark = pytest.mark.e2e

# The demo dates its announced revision from the day it is loaded (kennisbank.demo).
REVISION_NEWS = revision_news_title(timezone.localdate())


def test_code_of_conduct_versions_and_compare(browsing):
    """Journey 1: from home to the code in force, the 2016 version, and the two compared.

    Keyboard only: Tab, Enter and typing in the version choosers.
    """
    page = browsing.new_page("medewerker")
    page.goto("/")
    follow(page, page.get_by_role("link", name="Gedragscode en regels").first)
    page.get_by_role("heading", level=1, name="Gedragscode en regels").wait_for()
    check_page_type(page, "onderwerp")

    follow(page, page.get_by_role("link", name="Gedragscode ambtelijke integriteit", exact=True))
    page.get_by_role("heading", level=1, name="Gedragscode ambtelijke integriteit").wait_for()
    text = main_text(page)
    in_force = re.search(
        r"Versie (\S+)\. Vastgesteld door .+ op .+, in werking sinds .+\. Status: in werking", text
    )
    assert in_force, f"the version in force is not stated on the page:\n{text[:1500]}"
    current = in_force.group(1)
    assert current != "2016"
    assert "Artikel 1" in text
    check_page_type(page, "beleidsdocument")

    follow(page, page.get_by_role("link", name="Bekijk alle versies en vergelijk ze"))
    page.get_by_role("heading", level=1, name=re.compile("^Versies van")).wait_for()
    row_2016 = page.get_by_role("row").filter(has=page.get_by_role("link", name="2016", exact=True))
    assert "Vervallen" in row_2016.inner_text()
    check_page_type(page, "beleidsdocument-versies")

    follow(page, row_2016.get_by_role("link", name="2016", exact=True))
    page.get_by_role("heading", level=1, name=re.compile("versie 2016")).wait_for()
    assert "Je bekijkt een oude versie" in main_text(page)
    assert "Status: vervallen" in main_text(page)
    check_page_type(page, "beleidsdocument-oude-versie")

    follow(page, page.get_by_role("link", name="Bekijk alle versies en vergelijk ze"))
    for label, version in (("Oude versie", "2016"), ("Nieuwe versie", current)):
        chooser = page.get_by_label(label)
        tab_to(page, chooser)
        page.keyboard.type(version)  # a closed select picks the option typed
        chosen = chooser.evaluate("el => el.options[el.selectedIndex].text")
        assert chosen == version, f"{label}: typed {version!r}, chosen {chosen!r}"
    tab_to(page, page.get_by_role("button", name="Vergelijk"))
    page.keyboard.press("Enter")
    page.get_by_role(
        "heading", level=1, name=re.compile(f"versie 2016 en {re.escape(current)} vergeleken")
    ).wait_for()
    text = main_text(page)
    # Changes are marked in words, not only by colour.
    assert "verwijderd:" in text
    assert "toegevoegd:" in text
    assert re.search(r"Artikel \d+ .+ \((veranderd|nieuw artikel)\)", text)
    check_page_type(page, "beleidsdocument-vergelijken")


def test_vertrouwenspersoon_ongewenst_gedrag_in_two_clicks(browsing):
    """Journey 2: someone to talk to about bullying, at most two clicks (here: Enters) from home."""
    page = browsing.new_page("medewerker")
    page.goto("/")
    follow(page, page.get_by_role("link", name="Bekijk de vertrouwenspersonen en het meldpunt"))
    page.get_by_role("heading", level=1, name="Met wie kan ik praten?").wait_for()
    follow(page, page.get_by_role("link", name="Vertrouwenspersoon ongewenst gedrag"))

    section = page.get_by_role("region", name="Vertrouwenspersoon ongewenst gedrag")
    heading = section.get_by_role("heading", level=2, name="Vertrouwenspersoon ongewenst gedrag")
    heading.wait_for()
    assert heading.is_visible()
    # The jump to the fragment may land a moment after the URL changed: wait for it.
    try:
        page.wait_for_function("() => window.scrollY > 0", timeout=5_000)
    except PlaywrightTimeoutError:
        raise AssertionError("the link should jump to the section") from None
    assert re.search(r"pesten", section.inner_text(), re.IGNORECASE)
    people = section.get_by_role("list", name=re.compile("contactpersonen"))
    assert people.get_by_role("listitem").count() >= 1
    assert people.get_by_role("link", name=re.compile(r"^0\d")).count() >= 1, "a phone number"
    page.evaluate("() => window.scrollTo(0, 0)")
    check_page_type(page, "contactpersonen")


@pytest.mark.parametrize(
    ("name", "links"),
    [
        ("e-learning", ["Leren en oefenen", "E-learning morele oordeelsvorming"]),
        ("nieuwsbericht", [REVISION_NEWS]),
        ("nieuws", [REVISION_NEWS, "Nieuws"]),
        ("nieuwsbericht-met-afbeelding", [REVISION_NEWS, "Nieuws", "Jaarverslag integriteit 2024"]),
        ("e-learning-klassikaal", ["Leren en oefenen", "De ambtseed of belofte"]),
        (
            "inhoudspagina-met-contactpersonen",
            ["Melden en vertrouwenspersonen", "Wat is een misstand?"],
        ),
        (
            "inhoudspagina-met-kerncijfers",
            ["Weerbaarheid en ondermijning", "Bibob: screenen van aanvragers"],
        ),
        ("toegankelijkheidsverklaring", ["Toegankelijkheid"]),
    ],
)
def test_page_type(browsing, name, links):
    """Every page type, reached from home by its links: axe, 320 px, 200 % text, screenshots."""
    page = browsing.new_page("medewerker")
    page.goto("/")
    for link in links:
        before = page.url
        page.get_by_role("link", name=link, exact=True).first.click()
        page.wait_for_url(lambda url, before=before: url != before)
        page.get_by_role("heading", level=1).wait_for()
    assert main_text(page).strip()
    check_page_type(page, name)


# --- Editing in the admin, in a real browser ------------------------------------------------


def add_block(page, stream, label: str) -> None:
    """Open the stream's last '+' and choose a block type by typing its name."""
    button = stream.get_by_role("button", name="Blok invoegen").last
    search = page.locator("input[role=combobox]:visible")
    for _attempt in range(3):  # a date picker that is still closing may take the first click
        button.click()
        try:
            search.last.wait_for(timeout=2_000)
            break
        except PlaywrightTimeoutError:
            continue
    search.last.fill(label)
    page.keyboard.press("Enter")


def type_rich_text(page, editor, text: str, hidden_input: str) -> None:
    """Type into a Draftail editor and wait until it wrote its hidden input."""
    for _attempt in range(3):  # the editor starts a moment after its block appears
        editor.click()
        page.keyboard.type(text)
        if text in editor.inner_text():
            break
    # Draftail saves its state to the form a moment after the last key (stateSaveInterval).
    page.wait_for_function(
        "([name, text]) => (document.querySelector(`input[name='${name}']`).value || '')"
        ".includes(text)",
        arg=[hidden_input, text],
    )


def fill_date(field, value: str) -> None:
    """A native date field (kennisbank.widgets.NativeDateInput) takes jjjj-mm-dd from fill();
    the reader sees it in the notation of their browser's language."""
    field.fill(value)


def fill_version(page, index: int, label: str, adopted: str, in_force: str, articles) -> None:
    panel = page.locator(f"#inline_child_versions-{index}")
    panel.get_by_role("textbox", name="Label*").fill(label)
    panel.get_by_role("combobox", name="Vastgesteld door*").select_option(
        label="Gedeputeerde Staten"
    )
    fill_date(panel.get_by_role("textbox", name="Vastgesteld op*"), adopted)
    fill_date(panel.get_by_role("textbox", name="In werking vanaf*"), in_force)
    stream = panel.locator("[data-contentpath='articles']")
    for n, (number, title, text) in enumerate(articles):
        add_block(page, stream, "Artikel")
        prefix = f"versions-{index}-articles-{n}-value"
        page.locator(f"input[name='{prefix}-number']").fill(number)
        page.locator(f"input[name='{prefix}-title']").fill(title)
        editor = stream.locator("[contenteditable=true]").nth(n)
        type_rich_text(page, editor, text, f"{prefix}-text")


def admin_id_of(page, url: str) -> str:
    """The admin id of a page on the site, found through the Wagtail userbar."""
    page.goto(url)
    page.get_by_role("button", name="Bekijk Wagtail snel acties").click()
    page.get_by_role("menuitem", name="Wijzig deze pagina").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    return re.search(r"/admin/pages/(\d+)/edit/", page.url).group(1)


POLICY_TITLE = "Regeling verklaring omtrent het gedrag"


def test_redacteur_writes_a_policy_with_two_versions_coordinator_publishes(browsing):
    """Journey 6: a policy document with two versions and numbered articles, made in the
    admin; a label that would break the address gets a Dutch message and nothing typed is lost;
    the coördinator publishes; readers see both versions with their derived status."""
    editor = browsing.new_page("redacteur")
    theme_id = admin_id_of(editor, "/gedragscode-en-regels/")
    editor.goto(f"/admin/pages/{theme_id}/add_subpage/")
    editor.get_by_role("link", name=re.compile(r"^Beleidsdocument\b")).click()
    editor.get_by_role("textbox", name="Titel*").first.fill(POLICY_TITLE)
    editor.get_by_role("combobox", name="Soort*").select_option(label="Regeling")
    editor.get_by_role("textbox", name="In het kort*").fill(
        "Voor sommige functies vraag je een VOG aan. De provincie betaalt de kosten."
    )
    editor.get_by_role("textbox", name="Eigenaar*").fill("HR")
    fill_version(
        editor,
        0,
        "2020/1",  # a "/" cannot be part of the address
        "2020-01-14",
        "2020-02-01",
        [
            ("1", "Wanneer", "Voor functies met geld vraag je een VOG aan."),
            ("2", "Kosten", "De provincie betaalt de VOG."),
        ],
    )
    editor.get_by_role("button", name="Voeg versie toe").click()
    fill_version(
        editor,
        1,
        "2024",
        "2024-03-05",
        "2024-04-01",
        [
            (
                "1",
                "Wanneer",
                "Voor functies met geld of vertrouwelijke informatie vraag je een VOG aan.",
            ),
            ("2", "Kosten", "De provincie betaalt de VOG."),
        ],
    )
    editor.get_by_role("button", name="Bewaar concept").click()
    editor.get_by_text("Gebruik alleen letters, cijfers, spaties en streepjes").wait_for()
    assert (
        editor.locator("[contenteditable=true]")
        .nth(2)
        .inner_text()
        .startswith("Voor functies met geld of vertrouwelijke")
    ), "the text typed before the error must still be there"

    editor.locator("#inline_child_versions-0").get_by_role("textbox", name="Label*").fill("2020")
    editor.get_by_role("button", name="Bewaar concept").click()
    editor.get_by_text(re.compile("is aangemaakt")).first.wait_for()
    editor.get_by_role("button", name="Meer acties").click()
    footer = editor.locator("footer")
    assert footer.get_by_role("button", name="Publiceren", exact=True).count() == 0
    footer.get_by_role("button", name="Stuur door naar de coördinator").click()
    editor.get_by_text(re.compile("is ter goedkeuring ingediend")).first.wait_for()

    coordinator = browsing.new_page("coordinator")
    coordinator.goto("/admin/")
    review = coordinator.get_by_role("region", name="In afwachting van jouw beoordeling")
    review.get_by_role("link", name=POLICY_TITLE).click()
    coordinator.get_by_role("button", name="Meer acties").click()
    coordinator.locator("footer").get_by_role("button", name="Goedkeuren en publiceren").click()
    coordinator.get_by_text(f"Pagina '{POLICY_TITLE}' is gewijzigd.").wait_for()

    reader = browsing.new_page("medewerker")
    reader.goto("/gedragscode-en-regels/")
    follow(reader, reader.get_by_role("link", name=POLICY_TITLE))
    text = main_text(reader)
    assert "Versie 2024. Vastgesteld door Gedeputeerde Staten op 5 maart 2024" in text
    assert "Artikel 1 Wanneer" in text and "vertrouwelijke informatie" in text
    follow(reader, reader.get_by_role("link", name="Bekijk alle versies en vergelijk ze"))
    row_2020 = reader.get_by_role("row").filter(has=reader.get_by_role("link", name="2020"))
    assert "Vervallen" in row_2020.inner_text()
    reader.goto(reader.url + "?a=2020&b=2024")
    assert re.search(r"toegevoegd:\s*of vertrouwelijke informatie", main_text(reader))
    check_page_type(reader, "beleidsdocument-uit-de-admin-vergelijken")


# How many lines an element's text takes.
LINES_JS = """el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top));
    return new Set(tops).size;
}"""

# Words in the matched elements that are split over two lines ("Ver/sie", "20/16").
BROKEN_WORDS_JS = """selector => {
    const broken = [];
    for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = [...range.getClientRects()].filter(r => r.width > 0)
                    .map(r => Math.round(r.top));
                if (new Set(tops).size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


def test_redacteur_adds_a_contact_person_coordinator_approves(browsing, tmp_path):
    """A contact person with an uploaded photo (alt text at the upload) goes through the
    workflow: a damaged picture is refused in the chooser, a phone number "abc" is refused,
    the person is not on the site until the coördinator approves."""
    from PIL import Image

    photo, damaged = tmp_path / "ilse-kramer.png", tmp_path / "afgebroken.jpg"
    Image.new("RGB", (240, 240), "#2e7d4f").save(photo)
    Image.effect_noise((800, 600), 80).convert("RGB").save(damaged, "JPEG", quality=90)
    damaged.write_bytes(damaged.read_bytes()[: 15 * 1024])

    editor = browsing.new_page("redacteur")
    editor.goto("/admin/")
    editor.get_by_role("link", name="Contactpersonen").first.click()
    editor.get_by_role("link", name="Contactpersoon toevoegen").click()
    editor.get_by_role("textbox", name="Naam*").fill("Ilse Kramer")
    editor.get_by_role("combobox", name="Rol*").select_option(label="Externe vertrouwenspersoon")
    editor.get_by_role("button", name="Kies een afbeelding").click()
    dialog = editor.get_by_role("dialog")
    dialog.get_by_role("tab", name="Uploaden").click()
    dialog.get_by_role("textbox", name="Titel*").fill("Portret Ilse Kramer")
    dialog.locator("input[type=file]").set_input_files(str(damaged))
    dialog.get_by_role("textbox", name="Alternatieve tekst").fill("Portret van Ilse Kramer")
    dialog.get_by_role("button", name="Uploaden").click()
    dialog.get_by_text("Dit bestand is geen geldige afbeelding").wait_for()
    dialog.locator("input[type=file]").set_input_files(str(photo))
    dialog.get_by_role("textbox", name="Titel*").fill("Portret Ilse Kramer")
    dialog.get_by_role("textbox", name="Alternatieve tekst").fill("Portret van Ilse Kramer")
    assert dialog.get_by_role("textbox", name="Omschrijving").count() == 0, "one alt text field"
    dialog.get_by_role("button", name="Uploaden").click()
    dialog.wait_for(state="hidden")
    editor.get_by_role("textbox", name="Telefoon").fill("abc")
    editor.get_by_role("checkbox", name="Extern").check()
    editor.get_by_role("button", name="Bewaar concept").click()
    editor.get_by_text("Vul een telefoonnummer in met cijfers").first.wait_for()
    editor.get_by_role("textbox", name="Telefoon").fill("088 765 43 21")
    editor.get_by_role("button", name="Meer acties").click()
    footer = editor.locator("footer")
    assert footer.get_by_role("button", name="Publiceren", exact=True).count() == 0
    footer.get_by_role("button", name="Stuur door naar de coördinator").click()
    editor.get_by_text(re.compile("Ilse Kramer.+ingediend")).first.wait_for()

    contacts = "/melden-en-vertrouwenspersonen/met-wie-kan-ik-praten/"
    reader = browsing.new_page("medewerker")
    reader.goto(contacts)
    assert "Ilse Kramer" not in main_text(reader), "not on the site before approval"

    coordinator = browsing.new_page("coordinator")
    coordinator.goto("/admin/snippets/kennisbank/contactperson/")
    row = coordinator.get_by_role("row").filter(has_text="Ilse Kramer")
    cells = row.get_by_role("cell")
    assert "Ja" in row.inner_text() and "True" not in row.inner_text()
    coordinator.set_viewport_size({"width": 700, "height": 800})
    assert cells.filter(has_text=re.compile("088")).evaluate(LINES_JS) == 1, "number wraps"
    coordinator.set_viewport_size(DESKTOP)
    row.get_by_role("link", name=re.compile("Ilse Kramer")).first.click()
    coordinator.get_by_role("button", name="Meer acties").click()
    coordinator.locator("footer").get_by_role("button", name="Goedkeuren en publiceren").click()
    coordinator.get_by_text(
        re.compile("Ilse Kramer.+(gepubliceerd|goedgekeurd|gewijzigd|bijgewerkt)")
    ).first.wait_for()

    reader.goto(contacts)
    section = reader.get_by_role("region", name="Externe vertrouwenspersoon")
    section.get_by_role("heading", name="Ilse Kramer").wait_for()
    assert section.get_by_role("img", name="Portret van Ilse Kramer").is_visible()
    assert_no_axe_violations(reader, "contactpersonen met een nieuwe foto")


def test_redacteur_writes_a_news_item_and_submits_it(browsing):
    """A news item with a paragraph, made in the admin and submitted; not live until approved."""
    editor = browsing.new_page("redacteur")
    index_id = admin_id_of(editor, "/nieuws/")
    editor.goto(f"/admin/pages/{index_id}/add_subpage/")
    editor.get_by_role("textbox", name="Titel*").first.fill("Training voor leidinggevenden")
    editor.get_by_role("textbox", name="Inleiding*", exact=True).fill(
        "In maart is er een nieuwe training."
    )
    body = editor.locator("[data-contentpath='body']")
    add_block(editor, body, "Alinea")
    type_rich_text(
        editor,
        body.locator("[contenteditable=true]").first,
        "Meld je aan bij de integriteitscoördinator.",
        "body-0-value",
    )
    editor.get_by_role("button", name="Meer acties").click()
    editor.locator("footer").get_by_role("button", name="Stuur door naar de coördinator").click()
    editor.get_by_text(re.compile("Training voor leidinggevenden.+ingediend")).first.wait_for()

    reader = browsing.new_page("medewerker")
    reader.goto("/nieuws/")
    assert "Training voor leidinggevenden" not in main_text(reader)


# --- The block library in a real browser -----------------------------------------------------

BLOCKS_ORIGIN = "http://blokken.test"


@pytest.fixture(scope="session")
def _django_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread, so Django would
    refuse to set up the test database once a browser has started; the block test needs it
    (one thread, no concurrent access), as pytest-django's documentation advises."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def serve_rendered(page, pages: dict[str, bytes]) -> None:
    """Answer the browser with pages rendered beforehand by Django's test client, and with
    static files and media from disk: real templates and CSS, no server, nothing leaves the
    machine (the video provider's frame is refused, as an offline intranet would)."""
    import mimetypes
    from pathlib import Path
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.staticfiles import finders

    def handle(route):
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" != BLOCKS_ORIGIN:
            route.abort()
            return
        if url.path in pages:
            route.fulfill(status=200, body=pages[url.path], content_type="text/html")
            return
        file = None
        if url.path.startswith(settings.STATIC_URL):
            found = finders.find(url.path.removeprefix(settings.STATIC_URL))
            file = Path(found) if found else None
        elif url.path.startswith(settings.MEDIA_URL):
            file = Path(settings.MEDIA_ROOT) / url.path.removeprefix(settings.MEDIA_URL)
        if file is None or not file.is_file():
            route.fulfill(status=404, body=b"")
            return
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=file.read_bytes(), content_type=content_type)

    page.route("**/*", handle)


def every_block_body(image, document, person) -> str:
    import json

    def rich(text):
        return f"<p>{text}</p>"

    return json.dumps(
        [
            {"type": "paragraph", "value": rich("Integriteit gaat over <b>eerlijk</b> werken.")},
            {"type": "heading", "value": {"text": "Zo werkt het", "level": "h2"}},
            {"type": "heading", "value": {"text": "In het kort", "level": "h3"}},
            {
                "type": "callout",
                "value": {"kind": "info", "title": "Tip", "text": rich("Vraag het.")},
            },
            {"type": "callout", "value": {"kind": "warning", "title": "", "text": rich("Pas op.")}},
            {
                "type": "faq",
                "value": {
                    "title": "Veelgestelde vragen",
                    "questions": [
                        {"question": "Mag ik een taart aannemen?", "answer": rich("Meld het.")},
                        {"question": "Moet ik nevenwerk melden?", "answer": rich("Ja.")},
                    ],
                },
            },
            {
                "type": "steps",
                "value": {
                    "title": "Zo meld je",
                    "steps": [{"title": "Praat erover", "text": rich("Met een collega.")}],
                },
            },
            {"type": "quote", "value": {"quote": "Blijf er niet mee lopen.", "attribution": "VP"}},
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Een team in overleg", "caption": "Team"},
            },
            {
                "type": "documents",
                "value": {
                    "title": "Lees ook",
                    "documents": [{"document": document.pk, "label": ""}],
                },
            },
            {"type": "contacts", "value": {"title": "Praat met", "people": [person.pk]}},
            {
                "type": "key_figures",
                "value": {
                    "title": "In cijfers",
                    "figures": [
                        {"number": "50", "unit": "", "label": "gesprekken", "previous_year": "39"},
                        {"number": "5", "unit": "", "label": "meldingen", "previous_year": None},
                    ],
                },
            },
            {
                "type": "dilemma",
                "value": {
                    "title": "De taart",
                    "situation": rich("Een aannemer brengt taart."),
                    "options": ["Aannemen", "Teruggeven"],
                    "questions": ["Wat vind jij?"],
                },
            },
            {
                "type": "video",
                "value": {
                    "video": VIDEO_URL,
                    "title": "Waarom de ambtseed?",
                    "description": "De provinciesecretaris legt uit waarom je de eed aflegt.",
                },
            },
            {
                "type": "article",
                "value": {"number": "3", "title": "Geschenken", "text": rich("Meld elk geschenk.")},
            },
        ]
    )


VIDEO_URL = "https://www.youtube.com/watch?v=integriteit"


@pytest.mark.django_db
def test_every_block_renders_accessibly_in_a_browser(
    _django_beside_playwright, browser, client, home_page, medewerker
):
    """Each block of the library on one page, checked in Chromium: axe (WCAG 2.1 AA), heading
    levels without gaps, alt text, the FAQ and the transcript as native disclosure widgets
    that open by keyboard, the video frame named, 320 px and 200 % text."""
    import gc
    import warnings

    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    import wagtail_factories

    from kennisbank.blocks import IMAGE_RENDITION
    from tests.kennisbank.factories import ContactPersonFactory, ContentPageFactory, photo

    with warnings.catch_warnings():  # Wagtail leaves a rendition's temporary file to the GC
        warnings.simplefilter("ignore", ResourceWarning)
        image = wagtail_factories.ImageFactory(title="Overleg")
        image.get_rendition(IMAGE_RENDITION)
        person = ContactPersonFactory(name="Anna de Vries", photo=photo("Portret van Anna"))
        gc.collect()
    document = wagtail_factories.DocumentFactory(title="Gedragscode 2019")
    Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL, None, None),
        type="video",
        html='<iframe src="https://www.youtube-nocookie.com/embed/x" width="480" height="270">'
        "</iframe>",
    )
    ContentPageFactory(
        parent=home_page,
        title="Alle blokken",
        slug="blokken",
        body=every_block_body(image, document, person),
    )
    client.force_login(medewerker)
    rendered = client.get("/blokken/")
    assert rendered.status_code == 200
    context = browser.new_context(base_url=BLOCKS_ORIGIN, locale="nl-NL", viewport=DESKTOP)
    try:
        page = context.new_page()
        serve_rendered(page, {"/blokken/": rendered.content})
        page.goto("/blokken/")
        page.get_by_role("heading", level=1, name="Alle blokken").wait_for()

        levels = page.locator("main").evaluate(
            "m => Array.from(m.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => +h.tagName[1])"
        )
        assert levels[0] == 1
        gaps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert not gaps, f"heading levels skip a level: {levels}"

        assert page.get_by_role("img", name="Een team in overleg").is_visible()
        assert page.frame_locator("iframe[title='Waarom de ambtseed?']").owner.count() == 1
        question = page.locator("summary", has_text="Mag ik een taart aannemen?")
        tab_to(page, question)
        page.keyboard.press("Enter")
        assert question.evaluate("s => s.parentElement.open")
        assert page.get_by_text("Meld het.", exact=True).is_visible()
        transcript = page.locator("summary", has_text="Uitgeschreven tekst van de video")
        tab_to(page, transcript)
        page.keyboard.press("Enter")
        assert page.get_by_text("De provinciesecretaris legt uit").is_visible()
        assert "Vorig jaar: 39. Dat is 11 meer." in main_text(page)

        check_page_type(page, "alle-blokken")
    finally:
        context.close()


# --- Small screens and layout (findings of the acceptance test) ------------------------------

VERSIONS = "/gedragscode-en-regels/gedragscode-ambtelijke-integriteit/versies/"


def _ax_roles(page) -> list[str]:
    """The roles in Chromium's own accessibility tree: what a screen reader gets."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [n.get("role", {}).get("value") for n in nodes if not n.get("ignored")]


CARD_TEXT_JS = """row => [...row.cells].map(cell => {
    const drawn = getComputedStyle(cell, "::before").content;
    const label = drawn && drawn !== "none" && cell.dataset.label ? cell.dataset.label + ": " : "";
    return label + cell.innerText.trim();
}).join("\\n")"""


@pytest.mark.parametrize("width", [375, 320])
def test_versions_table_is_readable_on_a_phone_and_still_a_table(browsing, width):
    page = browsing.new_page("medewerker", viewport={"width": width, "height": 740})
    page.goto(VERSIONS)

    broken = page.evaluate(BROKEN_WORDS_JS, ".kb-versions, main h1")
    assert broken == [], f"words broken over two lines at {width} px: {broken}"
    # The labels are CSS generated content (innerText leaves it out): read what is drawn.
    card_2016 = page.locator(".kb-versions tbody tr").first.evaluate(CARD_TEXT_JS)
    assert "Status: Vervallen" in card_2016, "each card says what each value is"
    assert "Vastgesteld: Gedeputeerde Staten, 10 mei 2016" in card_2016
    roles = _ax_roles(page)
    assert roles.count("row") == 4 and roles.count("rowheader") == 3
    assert roles.count("columnheader") == 5 and roles.count("cell") == 12
    assert "Geldt tot: 1 april 2019" in card_2016, "each card says until when it applied"
    assert (
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        <= 0
    )
    check_page_type(page, f"versies-{width}")


def test_versions_table_and_compare_form_on_a_desktop(browsing):
    page = browsing.new_page("medewerker")
    page.goto(VERSIONS)
    table = page.locator(".kb-versions")

    # The rule under each row runs under the first column (the version) too.
    widths = page.evaluate(
        """() => [...document.querySelectorAll('.kb-versions tbody tr')].map(tr =>
            [...tr.children].map(c => getComputedStyle(c).borderBottomWidth))"""
    )
    assert all(w == ["1px"] * 5 for w in widths), widths
    caption, box = page.locator(".kb-versions caption").bounding_box(), table.bounding_box()
    caption_text_x = page.evaluate(
        """() => { const r = document.createRange();
            r.selectNodeContents(document.querySelector('.kb-versions caption'));
            return r.getBoundingClientRect().left; }"""
    )
    assert abs(caption_text_x - box["x"]) <= 1, "the caption starts on the left"
    assert caption["y"] < box["y"] + 5
    form = page.locator(".kb-compare-form").bounding_box()
    assert form["y"] - (box["y"] + box["height"]) >= 24, "room between table and compare form"

    selects = [page.get_by_label("Oude versie"), page.get_by_label("Nieuwe versie")]
    button = page.get_by_role("button", name="Vergelijk")
    bottoms = [s.bounding_box()["y"] + s.bounding_box()["height"] for s in selects]
    button_box = button.bounding_box()
    assert all(abs(b - (button_box["y"] + button_box["height"])) <= 1 for b in bottoms)
    arrow = selects[0].evaluate("el => getComputedStyle(el).backgroundImage")
    assert arrow.startswith("url("), "a select shows its arrow"

    # A wrong choice keeps what the reader chose.
    selects[0].select_option(label="2019")
    selects[1].select_option(label="2019")
    button.click()
    page.get_by_text("Kies twee verschillende versies").wait_for()
    chosen = [s.evaluate("el => el.options[el.selectedIndex].text") for s in selects]
    assert chosen == ["2019", "2019"]
    check_page_type(page, "versies-vergelijken-fout")


def test_contact_page_spacing_and_an_address_per_person(browsing):
    page = browsing.new_page("medewerker", viewport={"width": 375, "height": 740})
    page.goto("/melden-en-vertrouwenspersonen/met-wie-kan-ik-praten/")

    heading = page.get_by_role("heading", name="Kies wie bij je vraag past").bounding_box()
    lead = page.locator(".kb-page > .utrecht-paragraph--lead").bounding_box()
    assert heading["y"] - (lead["y"] + lead["height"]) >= 16, "the heading sits on the text"
    gaps = page.evaluate(
        """() => { const rows = [...document.querySelector('.kb-person__contact').children];
            return rows.slice(1).map((row, i) => row.getBoundingClientRect().top
                - rows[i].getBoundingClientRect().bottom); }"""
    )
    assert gaps and min(gaps) >= 6, f"Telefoon, E-mail, Bereikbaar too close: {gaps}"
    broken = page.evaluate(BROKEN_WORDS_JS, "main h1, .kb-phone")
    assert broken == [], broken

    card = page.locator(".kb-person").filter(has_text="Thijs Hoekstra")
    anchor = card.get_attribute("id")
    assert re.fullmatch(r"persoon-\d+", anchor)
    page.goto(f"/melden-en-vertrouwenspersonen/met-wie-kan-ik-praten/#{anchor}")
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; }",
        arg=anchor,
    )
    assert card.evaluate("el => el.matches(':target')")


def test_theme_lists_its_pages_first_and_news_cards_match_home(browsing):
    page = browsing.new_page("medewerker")
    page.goto("/gedragscode-en-regels/")
    listing = page.get_by_role("heading", level=2, name="Over dit onderwerp").bounding_box()
    body = page.locator(".kb-body").bounding_box()
    assert listing["y"] < body["y"], "the list of regulations comes before the body"

    styles = []
    for url in ("/", "/nieuws/"):
        page.goto(url)
        card = page.locator(".kb-news__item").first
        styles.append(
            card.evaluate(
                "el => [getComputedStyle(el).borderTopWidth, getComputedStyle(el).borderRadius]"
            )
        )
    assert styles[0] == styles[1] == ["1px", "6px"]
