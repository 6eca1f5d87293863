"""Rendering the kennisbank's pages, and that it costs the same queries for 3 or 30 items."""

import datetime
import json

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from kennisbank.constants import ContactRole
from tests.kennisbank.factories import (
    ContactOverviewPageFactory,
    ContactPersonFactory,
    ContentPageFactory,
    ELearningPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    RoleExplanationFactory,
    ThemePageFactory,
    articles,
    renditions_made_quietly,
)
from tests.kennisbank.factories import photo as make_photo


@pytest.fixture(autouse=True)
def _fresh_rendition_cache():
    """Wagtail caches renditions by image id; ids are reused after a test's rollback."""
    for alias in settings.CACHES:
        caches[alias].clear()


def _queries(client, url) -> int:
    # What rendering costs: the page cache (ADR 0019) would answer these from its copy.
    with override_settings(PAGE_CACHE_ENABLED=False):
        # Warm up: renditions, site root paths, session, and what is read once per change of
        # the site (menu, view restrictions); twice, as the first visit creates the site
        # settings, which is a change.
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# --- Rendering ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_theme_page_lists_its_pages_with_type_labels(employee_client, home_page):
    """Each card says what the page is: e-learning, training, bijeenkomst, uitleg, the kind
    of regulation; not the editors' page type ("e-learning of training", "inhoudspagina")."""
    theme = ThemePageFactory(parent=home_page, title="Leren en oefenen", slug="leren")
    ELearningPageFactory(parent=theme, title="Morele oordeelsvorming", form="online")
    ELearningPageFactory(parent=theme, title="Dilemmaspel", form="klassikaal")
    ELearningPageFactory(parent=theme, title="Uitlegvideo melden", form="video")
    ELearningPageFactory(parent=theme, title="De ambtseed", form="bijeenkomst")
    ContentPageFactory(parent=theme, title="Moreel beraad", intro="Samen een dilemma bespreken.")
    PolicyDocumentPageFactory(parent=theme, title="Regeling nevenfuncties", kind="regeling")
    hidden = ContentPageFactory(parent=theme, title="Nog niet klaar")
    hidden.unpublish()

    soup = BeautifulSoup(employee_client.get("/leren/").content, "html.parser")

    labels = {
        card.h3.get_text(strip=True): card.select_one(".kb-card__type").get_text(strip=True)
        for card in soup.select(".kb-card")
    }
    assert labels == {
        "Morele oordeelsvorming": "E-learning",
        "Dilemmaspel": "Training",
        "Uitlegvideo melden": "Video",
        "De ambtseed": "Bijeenkomst",
        "Moreel beraad": "Uitleg",
        "Regeling nevenfuncties": "Regeling",
    }
    assert "E-learning of training" not in soup.get_text()


@pytest.mark.django_db
def test_theme_page_lists_its_pages_before_the_body(employee_client, home_page):
    """People come to a theme for its regulations: the list comes first, the FAQ after."""
    theme = ThemePageFactory(
        parent=home_page,
        slug="regels",
        body=json.dumps(
            [{"type": "paragraph", "value": "<p>Veelgestelde vragen over geschenken.</p>"}]
        ),
    )
    PolicyDocumentPageFactory(parent=theme, title="Regeling nevenfuncties", kind="regeling")

    html = employee_client.get("/regels/").content.decode()

    assert html.index("Regeling nevenfuncties") < html.index("Veelgestelde vragen over geschenken")


@pytest.mark.django_db
def test_elearning_page_shows_the_practical_facts(employee_client, home_page):
    theme = ThemePageFactory(parent=home_page, slug="leren")
    ELearningPageFactory(
        parent=theme,
        title="Morele oordeelsvorming",
        slug="moreel",
        duration_minutes=90,
        mandatory=True,
        link_url="https://leren.provincie.example/moreel",
    )

    html = employee_client.get("/leren/moreel/").content.decode()

    assert "1 uur en 30 minuten" in html
    assert "Ja, voor alle medewerkers" in html
    assert 'href="https://leren.provincie.example/moreel"' in html


@pytest.mark.django_db
def test_contact_page_groups_people_by_role_and_says_what_they_do_not_do(
    employee_client, home_page
):
    page = ContactOverviewPageFactory(parent=home_page, slug="praten")
    RoleExplanationFactory(
        page=page,
        role=ContactRole.VERTROUWENSPERSOON_INTEGRITEIT,
        does="Luistert en denkt mee.",
        does_not="Doet geen onderzoek.",
        sort_order=0,
    )
    RoleExplanationFactory(
        page=page, role=ContactRole.MELDPUNT, does="Neemt meldingen aan.", sort_order=1
    )
    photo = make_photo("Portret van Anna de Vries")
    ContactPersonFactory(name="Anna de Vries", photo=photo)
    ContactPersonFactory(name="Meldpunt Integriteit", role=ContactRole.MELDPUNT)

    html = employee_client.get("/praten/").content.decode()

    assert html.index("Vertrouwenspersoon integriteit") < html.index("Anna de Vries")
    assert html.index("Anna de Vries") < html.index("Meldpunt integriteit</h2>")
    assert "Doet geen onderzoek." in html
    assert 'alt="Portret van Anna de Vries"' in html


# --- Query budgets: the same for 3 and for 30 -------------------------------------------


def _policy_page(home_page, count):
    page = PolicyDocumentPageFactory(parent=home_page, slug=f"regeling-{count}")
    for n in range(count):
        start = datetime.date(1990, 1, 1) + datetime.timedelta(days=300 * n)
        PolicyVersionFactory(
            page=page,
            label=f"v{n}",
            adopted_on=start - datetime.timedelta(days=30),
            in_force_from=start,
            articles=articles("Algemeen", ("1", f"Tekst {n}."), ("2", "Meer tekst.")),
        )
    return page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", ["", "versies/", "versies/v1/", "vergelijk/v0/v2/", "?op=1995-01-01"]
)
def test_policy_page_queries_do_not_grow_with_versions(employee_client, home_page, route):
    _policy_page(home_page, 3)
    _policy_page(home_page, 30)

    assert _queries(employee_client, f"/regeling-3/{route}") == _queries(
        employee_client, f"/regeling-30/{route}"
    )


def _theme(home_page, count):
    theme = ThemePageFactory(parent=home_page, slug=f"thema-{count}")
    for n in range(count):
        factory = [ContentPageFactory, ELearningPageFactory, PolicyDocumentPageFactory][n % 3]
        factory(parent=theme)
    return theme


@pytest.mark.django_db
def test_theme_page_queries_do_not_grow_with_children(employee_client, home_page):
    _theme(home_page, 3)
    _theme(home_page, 30)

    assert _queries(employee_client, "/thema-3/") == _queries(employee_client, "/thema-30/")


def _news(home_page, count):
    index = NewsIndexPageFactory(parent=home_page, slug="nieuws")
    for _n in range(count):
        NewsPageFactory(parent=index)
    return index


@pytest.mark.django_db
def test_news_index_and_home_queries_do_not_grow_with_news(employee_client, home_page):
    index = _news(home_page, 3)
    few = (
        _queries(employee_client, "/nieuws/"),
        _queries(employee_client, "/nieuws/rss/"),
        _queries(employee_client, "/"),
    )
    for _n in range(27):
        NewsPageFactory(parent=index)
    many = (
        _queries(employee_client, "/nieuws/"),
        _queries(employee_client, "/nieuws/rss/"),
        _queries(employee_client, "/"),
    )

    assert few == many


@pytest.mark.django_db
def test_contact_page_queries_do_not_grow_with_persons(employee_client, home_page):
    page = ContactOverviewPageFactory(parent=home_page, slug="praten")
    for n, role in enumerate(ContactRole.values):
        RoleExplanationFactory(page=page, role=role, sort_order=n)

    def add_persons(count):
        with renditions_made_quietly():
            for n in range(count):
                photo = make_photo(f"Foto {n}")
                role = ContactRole.values[n % len(ContactRole.values)]
                ContactPersonFactory(role=role, photo=photo)

    add_persons(3)
    few = _queries(employee_client, "/praten/")
    add_persons(27)
    many = _queries(employee_client, "/praten/")

    assert few == many


@pytest.mark.django_db
def test_simple_pages_render_within_a_budget(
    employee_client, home_page, django_assert_max_num_queries
):
    theme = ThemePageFactory(parent=home_page, slug="thema")
    ContentPageFactory(parent=theme, slug="inhoud")
    ELearningPageFactory(parent=theme, slug="leren")
    employee_client.get("/thema/inhoud/")
    employee_client.get("/thema/leren/")

    with django_assert_max_num_queries(20):
        assert employee_client.get("/thema/inhoud/").status_code == 200
    with django_assert_max_num_queries(20):
        assert employee_client.get("/thema/leren/").status_code == 200


@pytest.mark.django_db
def test_contact_page_shows_people_whose_role_has_no_explanation(employee_client, home_page):
    page = ContactOverviewPageFactory(parent=home_page, slug="praten")
    RoleExplanationFactory(page=page, role=ContactRole.MELDPUNT, does="Neemt meldingen aan.")
    ContactPersonFactory(name="Meldpunt Integriteit", role=ContactRole.MELDPUNT)
    ContactPersonFactory(name="Sandra Meijer", role=ContactRole.EXTERN_VERTROUWENSPERSOON)

    html = employee_client.get("/praten/").content.decode()

    assert html.index("Meldpunt integriteit</h2>") < html.index("Externe vertrouwenspersoon</h2>")
    assert "Sandra Meijer" in html
    assert 'href="#rol-extern_vertrouwenspersoon"' in html
    assert html.count("Wat doet deze persoon?") == 1  # no empty explanation for the other


# --- Query budgets for the blocks in every page type's body -------------------------------


def _media(count) -> tuple[list, list, list]:
    """`count` contact persons (with photos), images and documents, renditions made up front."""
    from kennisbank.blocks import IMAGE_RENDITION
    from tests.kennisbank.test_blocks import make_renditions

    people, images, documents = [], [], []
    with renditions_made_quietly():  # one garbage collection for all of them
        for n in range(count):
            people.append(ContactPersonFactory(photo=make_photo(f"Foto {n}")).pk)
            image = wagtail_factories.ImageFactory(
                title=f"Beeld {n}", file__width=40, file__height=30
            )
            make_renditions(image, IMAGE_RENDITION)
            images.append(image.pk)
            documents.append(wagtail_factories.DocumentFactory(title=f"Document {n}").pk)
    return people, images, documents


def _body(people, images, documents) -> str:
    stream = [
        {"type": "contacts", "value": {"title": "Praat met", "people": people}},
        {
            "type": "documents",
            "value": {
                "title": "Lees",
                "documents": [{"document": pk, "label": ""} for pk in documents],
            },
        },
    ] + [
        {"type": "image", "value": {"image": pk, "alt_text": "Beeld", "caption": ""}}
        for pk in images
    ]
    return json.dumps(stream)


@pytest.mark.django_db
def test_every_body_costs_the_same_queries_for_3_or_30_people_images_documents(
    employee_client, home_page
):
    """Theme, content, e-learning and news pages: contacts, images and documents in bulk."""
    theme = ThemePageFactory(parent=home_page, slug="thema")
    index = NewsIndexPageFactory(parent=home_page, slug="nieuws")
    media = _media(30)
    few = _body(*(items[:3] for items in media))
    many = _body(*media)
    makers = {
        "theme": lambda n, body: ThemePageFactory(parent=home_page, slug=n, body=body),
        "content": lambda n, body: ContentPageFactory(parent=theme, slug=n, body=body),
        "e-learning": lambda n, body: ELearningPageFactory(parent=theme, slug=n, body=body),
        "news": lambda n, body: NewsPageFactory(parent=index, slug=n, body=body, theme=theme),
    }

    counts = {
        kind: (
            _queries(employee_client, make(f"{kind}-3", few).url),
            _queries(employee_client, make(f"{kind}-30", many).url),
        )
        for kind, make in makers.items()
    }

    assert all(three == thirty for three, thirty in counts.values()), counts
