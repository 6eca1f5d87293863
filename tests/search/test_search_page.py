"""The search page and its JSON: results, type and theme filters with counts, pagination."""

import datetime
import json

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from kennisbank.constants import ContactRole, PolicyKind
from search.models import ZeroResultQuery
from tests.kennisbank.factories import (
    ContactOverviewPageFactory,
    ContactPersonFactory,
    ContentPageFactory,
    ELearningPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    ThemePageFactory,
    articles,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page):
    """Two themes with a few pages about nevenfuncties and geschenken."""
    regels = ThemePageFactory(parent=home_page, title="Regels en afspraken")
    leren = ThemePageFactory(parent=home_page, title="Leren en oefenen")
    code = PolicyDocumentPageFactory(
        parent=regels,
        title="Gedragscode",
        kind=PolicyKind.GEDRAGSCODE,
        summary="Hoe wij integer werken, ook bij nevenfuncties.",
    )
    PolicyVersionFactory(
        page=code, articles=articles(("1", "Meld je nevenfunctie bij je leidinggevende."))
    )
    regeling = PolicyDocumentPageFactory(
        parent=regels,
        title="Regeling nevenwerkzaamheden",
        kind=PolicyKind.REGELING,
        summary="Welke nevenfuncties je moet melden.",
    )
    PolicyVersionFactory(page=regeling)
    code.save_revision().publish()
    regeling.save_revision().publish()
    ELearningPageFactory(
        parent=leren, title="E-learning nevenfuncties", intro="Oefen met nevenfuncties."
    )
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(
        parent=news,
        title="Nieuwe regels voor nevenfuncties",
        intro="Wat verandert er?",
        theme=regels,
    )
    return {"regels": regels, "leren": leren, "code": code, "regeling": regeling}


def _titles(response):
    return [hit.title for hit in response.context["page_obj"].object_list]


def test_results_show_type_theme_and_highlighted_snippet(employee_client, site):
    response = employee_client.get("/zoeken/", {"q": "nevenfuncties"})

    assert response.status_code == 200
    hits = {hit.title: hit for hit in response.context["page_obj"].object_list}
    assert set(hits) >= {
        "Gedragscode",
        "Regeling nevenwerkzaamheden",
        "E-learning nevenfuncties",
        "Nieuwe regels voor nevenfuncties",
    }
    assert hits["Gedragscode"].type_label == "Gedragscode"
    assert hits["Regeling nevenwerkzaamheden"].type_label == "Regeling"
    assert hits["E-learning nevenfuncties"].type_label == "E-learning"
    assert hits["Nieuwe regels voor nevenfuncties"].type_label == "Nieuws"
    assert hits["Gedragscode"].theme == "Regels en afspraken"
    assert (hits["Gedragscode"].date_label, hits["Gedragscode"].date) == (
        "In werking sinds",
        datetime.date(2019, 3, 1),
    )
    news_date = hits["Nieuwe regels voor nevenfuncties"].date
    assert isinstance(news_date, datetime.date) and news_date.year == 2026
    assert hits["E-learning nevenfuncties"].theme == "Leren en oefenen"
    # News lives under the news index; its theme comes from its own field.
    assert hits["Nieuwe regels voor nevenfuncties"].theme == "Regels en afspraken"
    assert "<mark>nevenfuncties</mark>" in str(hits["Gedragscode"].snippet)
    content = response.content.decode()
    assert 'value="nevenfuncties"' in content  # the query stays in the box
    assert "<mark>nevenfuncties</mark>" in content


def test_text_of_the_version_in_force_is_found(employee_client, site):
    response = employee_client.get("/zoeken/", {"q": "leidinggevende"})
    assert _titles(response) == ["Gedragscode"]


def test_type_filter_with_counts(employee_client, site):
    response = employee_client.get("/zoeken/", {"q": "nevenfunctie"})
    counts = {f.label: f.count for f in response.context["outcome"].type_facets}
    assert counts == {"Gedragscode": 1, "Regeling": 1, "E-learning": 1, "Nieuws": 1}

    filtered = employee_client.get("/zoeken/", {"q": "nevenfunctie", "type": "regeling"})
    assert _titles(filtered) == ["Regeling nevenwerkzaamheden"]
    assert "aria-current" in filtered.content.decode()


def test_theme_filter_with_counts(employee_client, site):
    response = employee_client.get("/zoeken/", {"q": "nevenfunctie"})
    counts = {f.label: f.count for f in response.context["outcome"].theme_facets}
    assert counts == {"Regels en afspraken": 3, "Leren en oefenen": 1}

    leren = str(site["leren"].pk)
    filtered = employee_client.get("/zoeken/", {"q": "nevenfunctie", "onderwerp": leren})
    assert _titles(filtered) == ["E-learning nevenfuncties"]
    # The type counts follow the chosen theme.
    assert {f.label: f.count for f in filtered.context["outcome"].type_facets} == {"E-learning": 1}


def test_pagination(employee_client, home_page):
    for number in range(23):
        ContentPageFactory(parent=home_page, title=f"Dilemma {number}", intro="Een dilemma.")

    first = employee_client.get("/zoeken/", {"q": "dilemma"})
    third = employee_client.get("/zoeken/", {"q": "dilemma", "pagina": "3"})
    nonsense = employee_client.get("/zoeken/", {"q": "dilemma", "pagina": "abc"})

    assert len(_titles(first)) == 10
    assert first.context["outcome"].total == 23
    assert len(_titles(third)) == 3
    assert set(_titles(first)).isdisjoint(_titles(third))
    assert nonsense.status_code == 200 and len(_titles(nonsense)) == 10
    assert "pagina=2" in first.content.decode()


def test_contact_persons_found_by_name_and_by_role(employee_client, home_page):
    overview = ContactOverviewPageFactory(parent=home_page)
    ContactPersonFactory(name="Fatima el Amrani", role=ContactRole.VERTROUWENSPERSOON_INTEGRITEIT)
    ContactPersonFactory(name="Joost Bakker", role=ContactRole.INTEGRITEITSCOORDINATOR)

    by_name = employee_client.get("/zoeken/", {"q": "amrani"})
    by_role = employee_client.get("/zoeken/", {"q": "integriteitscoordinator"})

    hit = by_name.context["page_obj"].object_list[0]
    assert (hit.title, hit.type_label) == ("Fatima el Amrani", "Contactpersoon")
    assert hit.url == overview.url
    assert "Joost Bakker" in _titles(by_role)
    assert "Fatima el Amrani" not in _titles(by_role)
    # Synonyms reach roles too: "VP" is a vertrouwenspersoon; a word that only shares a
    # stem with one word of a role ("gedrag" in "verklaring omtrent gedrag") is not enough.
    ContactPersonFactory(name="Mees de Boer", role=ContactRole.VERTROUWENSPERSOON_ONGEWENST_GEDRAG)
    assert {"Fatima el Amrani", "Mees de Boer"} <= set(
        _titles(employee_client.get("/zoeken/", {"q": "VP"}))
    )
    assert "Mees de Boer" in _titles(employee_client.get("/zoeken/", {"q": "pesten"}))
    assert _titles(employee_client.get("/zoeken/", {"q": "vog"})) == []


def test_json_output(employee_client, site):
    response = employee_client.get("/zoeken/", {"q": "nevenfuncties", "format": "json"})

    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["query"] == "nevenfuncties"
    assert data["count"] == 4
    first = data["results"][0]
    assert set(first) == {"title", "url", "type", "snippet"}
    assert "<mark>" not in first["snippet"]
    assert {r["title"] for r in data["results"]} >= {"Gedragscode", "E-learning nevenfuncties"}
    # Autocomplete keystrokes are not counted as searches.
    assert not Query.objects.filter(query_string="nevenfuncties").exists()


def test_json_suggests_titles_for_a_word_still_being_typed(employee_client, site):
    data = json.loads(employee_client.get("/zoeken/", {"q": "nevenfunc", "format": "json"}).content)
    assert "E-learning nevenfuncties" in {r["title"] for r in data["results"]}
    page = employee_client.get("/zoeken/", {"q": "nevenfunc"})
    assert page.context["outcome"].total == 0  # the search page itself wants whole words


def test_empty_query_and_empty_json(employee_client):
    assert employee_client.get("/zoeken/").status_code == 200
    data = json.loads(employee_client.get("/zoeken/", {"format": "json"}).content)
    assert data == {"query": "", "count": 0, "results": []}


def test_nothing_found_suggests_vertrouwenspersonen_and_melden(employee_client, home_page):
    ContactOverviewPageFactory(parent=home_page, title="Met wie kan ik praten?")

    response = employee_client.get("/zoeken/", {"q": "xyzzy"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Niets gevonden voor ‘xyzzy’" in content
    assert "Met wie kan ik praten?" in content
    assert 'href="/melden/"' in content


def test_search_terms_counted_without_the_searcher(employee_client, site):
    employee_client.get("/zoeken/", {"q": "Nevenfuncties"})
    employee_client.get("/zoeken/", {"q": "nevenfuncties", "pagina": "2"})  # same search
    employee_client.get("/zoeken/", {"q": "xyzzy"})
    employee_client.get("/zoeken/", {"q": "xyzzy"})

    assert Query.objects.get(query_string="nevenfuncties").hits == 1
    assert Query.objects.get(query_string="xyzzy").hits == 2
    zero = ZeroResultQuery.objects.get()
    assert (zero.query_string, zero.hits) == ("xyzzy", 2)
    field_names = {f.name for f in ZeroResultQuery._meta.get_fields()}
    assert field_names == {"id", "query_string", "date", "hits"}  # nobody's name or address


def test_promotions_shown_above_results(employee_client, site, home_page):
    target = ContentPageFactory(parent=home_page, title="Alles over melden", intro="Zo meld je.")
    query = Query.get("melden")
    SearchPromotion.objects.create(query=query, page=target, description="Hier begin je.")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://huisvoorklokkenluiders.nl",
        external_link_text="Huis",
    )

    response = employee_client.get("/zoeken/", {"q": "Melden"})

    promotions = response.context["promotions"]
    assert [p["title"] for p in promotions] == ["Alles over melden", "Huis"]
    content = response.content.decode()
    assert content.index("Tip van de redactie") < content.index("search-results")


def test_bad_input_never_fails(employee_client, site):
    for params in (
        {"q": "x" * 5000},
        {"q": "\"'<script>", "type": "<b>", "onderwerp": "abc"},
        {"q": "***"},
        {"q": "de het een"},
        {"q": "nevenfuncties", "pagina": "999999999"},
    ):
        response = employee_client.get("/zoeken/", params)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main")[1]


def test_login_required(client):
    response = client.get("/zoeken/", {"q": "melding"})
    assert response.status_code == 302


def test_autocomplete_script_on_every_page_and_search_box_works_without_it(employee_client):
    response = employee_client.get("/zoeken/", {"q": "melding"})
    content = response.content.decode()
    assert "search/autocomplete.js" in content
    # Without JavaScript: a plain GET form with a labelled field.
    assert '<form role="search" action="/zoeken/" method="get"' in content
    assert '<label class="utrecht-form-label" for="zoekterm">' in content
