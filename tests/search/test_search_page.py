"""The search page and its JSON: results, type and theme filters with counts, pagination."""

import datetime
import json
import re

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from kennisbank.constants import ContactRole, PolicyKind
from search.models import SearchCount, ZeroResultQuery
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
from tests.search.factories import DocumentFactory

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
    # The result jumps to that person on "Met wie kan ik praten?", not to the page's top.
    page_url, anchor = hit.url.split("#")
    assert page_url == overview.url
    assert f'id="{anchor}"' in employee_client.get(overview.url).content.decode()
    assert anchor != "rol-kop"
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
    assert data["corrected_query"] == ""
    assert data["count"] == 4
    assert (data["page"], data["pages"]) == (1, 1)
    by_title = {r["title"]: r for r in data["results"]}
    assert set(by_title["Gedragscode"]) == {
        "title",
        "url",
        "type",
        "theme",
        "date",
        "snippet",
        "file",
        "version",
        "version_status",
        "missing",
    }
    assert by_title["Gedragscode"]["type"] == "Gedragscode"
    assert by_title["Gedragscode"]["theme"] == "Regels en afspraken"
    assert by_title["Gedragscode"]["date"] == "2019-03-01"  # in force since
    assert by_title["Gedragscode"]["url"] == site["code"].url
    assert all("<mark>" not in r["snippet"] for r in data["results"])
    assert "nevenfuncties" in by_title["Gedragscode"]["snippet"]
    # The same filters and counts as the page.
    types = {f["label"]: f["count"] for f in data["filters"]["type"]}
    assert types == {"Gedragscode": 1, "Regeling": 1, "E-learning": 1, "Nieuws": 1}
    themes = {f["label"]: f["count"] for f in data["filters"]["onderwerp"]}
    assert themes == {"Regels en afspraken": 3, "Leren en oefenen": 1}
    # Autocomplete keystrokes are not counted as searches.
    assert not Query.objects.filter(query_string="nevenfuncties").exists()


def test_json_filters_and_pages_like_the_page(employee_client, home_page):
    for number in range(13):
        ContentPageFactory(parent=home_page, title=f"Dilemma {number}", intro="Een dilemma.")

    first = json.loads(employee_client.get("/zoeken/", {"q": "dilemma", "format": "json"}).content)
    second = json.loads(
        employee_client.get("/zoeken/", {"q": "dilemma", "format": "json", "pagina": "2"}).content
    )
    page = employee_client.get("/zoeken/", {"q": "dilemma", "pagina": "2"})

    assert (first["count"], first["pages"], len(first["results"])) == (13, 2, 10)
    assert (second["page"], len(second["results"])) == (2, 3)
    assert [r["title"] for r in second["results"]] == _titles(page)
    filtered = json.loads(
        employee_client.get(
            "/zoeken/", {"q": "dilemma", "format": "json", "type": "nieuws"}
        ).content
    )
    assert (filtered["count"], filtered["results"]) == (0, [])


def test_json_suggests_titles_for_a_word_still_being_typed(employee_client, site):
    data = json.loads(employee_client.get("/zoeken/", {"q": "nevenfunc", "format": "json"}).content)
    assert "E-learning nevenfuncties" in {r["title"] for r in data["results"]}


def test_half_a_word_on_the_page_shows_results_for_the_whole_word(employee_client, site):
    page = employee_client.get("/zoeken/", {"q": "nevenfunc"})

    outcome = page.context["outcome"]
    assert outcome.corrected_query == "nevenfuncties"
    assert "E-learning nevenfuncties" in _titles(page)
    content = page.content.decode()
    assert "Niets gevonden voor ‘nevenfunc’. Je ziet de resultaten voor" in content
    assert "<strong>‘nevenfuncties’</strong>" in content


def test_empty_query_and_empty_json(employee_client, site):
    page = employee_client.get("/zoeken/")
    assert page.status_code == 200
    # Nothing typed yet: the onderwerpen to browse.
    assert "Kijk per onderwerp" in page.content.decode()
    assert site["regels"].url in page.content.decode()
    data = json.loads(employee_client.get("/zoeken/", {"format": "json"}).content)
    assert (data["query"], data["count"], data["results"]) == ("", 0, [])


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

    counts = dict(SearchCount.objects.values_list("query_string", "hits"))
    assert counts == {"nevenfuncties": 1, "xyzzy": 2}
    zero = ZeroResultQuery.objects.get()
    assert (zero.query_string, zero.hits) == ("xyzzy", 2)
    for model in (SearchCount, ZeroResultQuery):  # nobody's name or address
        assert {f.name for f in model._meta.get_fields()} == {"id", "query_string", "date", "hits"}
    # Wagtail's own counters hold no user, address or session either.
    from wagtail.contrib.search_promotions.models import QueryDailyHits

    assert {f.name for f in Query._meta.concrete_fields} == {"id", "query_string"}
    assert {f.name for f in QueryDailyHits._meta.concrete_fields} == {"id", "query", "date", "hits"}


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


def test_a_promoted_page_shows_once_as_the_tip_not_again_as_a_result(employee_client, home_page):
    target = ContentPageFactory(parent=home_page, title="Iets melden", intro="Zo meld je iets.")
    SearchPromotion.objects.create(query=Query.get("melden"), page=target, description="Hier.")
    # When the promoted page is all there is, it stays a result as well.
    assert _titles(employee_client.get("/zoeken/", {"q": "melden"})) == ["Iets melden"]
    ContentPageFactory(parent=home_page, title="Melden bij het meldpunt", intro="Ook melden.")

    page = employee_client.get("/zoeken/", {"q": "melden"})
    suggestions = employee_client.get("/zoeken/", {"q": "melden", "format": "json"}).json()

    assert [p["title"] for p in page.context["promotions"]] == ["Iets melden"]
    assert "Iets melden" not in _titles(page)
    assert "Melden bij het meldpunt" in _titles(page)
    assert [p["title"] for p in suggestions["promotions"]] == ["Iets melden"]
    assert "Iets melden" not in [r["title"] for r in suggestions["results"]]


def test_a_query_that_looks_like_html_gets_advice_for_its_words(employee_client, site):
    """It holds words ("img", "onerror", "alert"): never "type a word of two letters"."""
    from search.views import empty_reason

    for typed in ("<img src=x onerror=alert(1)>", "<b>geheimhouding</b>"):
        content = employee_client.get("/zoeken/", {"q": typed}).content.decode()
        assert "minstens twee letters" not in content
        assert "<img src=x" not in content and "<b>geheim" not in content
        assert empty_reason(typed) == "no-match"
    content = employee_client.get("/zoeken/", {"q": "<b>geheimhouding</b>"}).content.decode()
    assert "Niets gevonden voor ‘&lt;b&gt;geheimhouding&lt;/b&gt;’" in content
    assert "Probeer het eens zo" in content
    assert empty_reason("<>") == "too-short"


def test_a_document_result_shows_its_type_and_size(employee_client, home_page):
    document = DocumentFactory.pdf("Het reglement voor declaraties.", title="Declaratiereglement")
    document.file_size = 123_456
    document.save()

    response = employee_client.get("/zoeken/", {"q": "declaraties"})
    as_json = employee_client.get("/zoeken/", {"q": "declaraties", "format": "json"}).json()

    hit = response.context["page_obj"].object_list[0]
    assert (hit.title, hit.file_info) == ("Declaratiereglement", "PDF, 123 kB")
    assert '<span class="search-result__file">PDF, 123 kB</span>' in response.content.decode()
    assert as_json["results"][0]["file"] == "PDF, 123 kB"


@pytest.mark.parametrize(
    ("size", "label"),
    [(None, ""), (800, "800 bytes"), (120_400, "120 kB"), (1_450_000, "1,4 MB")],
)
def test_file_sizes_read_as_people_say_them(size, label):
    from search.service import file_size_label

    assert file_size_label(size) == label


def test_bad_input_never_fails(employee_client, site):
    for params in (
        {"q": "x" * 5000},
        {"q": "\"'<script>", "type": "<b>", "onderwerp": "abc"},
        {"q": "***"},
        {"q": "de het een"},
        {"q": "nevenfuncties", "pagina": "999999999"},
        {"q": "nevenfuncties\x00", "pagina": "-1"},  # PostgreSQL refuses NUL in text
        {"q": "\x00\x07\n", "format": "json"},
        {"q": "geschenk\tnevenfunctie\r\n", "format": "json", "pagina": "abc"},
    ):
        response = employee_client.get("/zoeken/", params)
        assert response.status_code == 200, params
        if params.get("format") == "json":
            assert "\x00" not in json.loads(response.content)["query"]
        else:
            assert "<script>" not in response.content.decode().split("<main")[1]
    assert SearchCount.objects.filter(query_string__contains="nevenfuncties").exists()


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


def test_a_typo_finds_the_right_word(employee_client, home_page):
    ContentPageFactory(parent=home_page, title="Onze vertrouwenspersonen", intro="Praat met ons.")
    ContentPageFactory(parent=home_page, title="Gedragscode", intro="Hoe wij werken.")

    typo = employee_client.get("/zoeken/", {"q": "vertrouwenpersoon"})
    half = employee_client.get("/zoeken/", {"q": "gedragscod"})

    assert typo.context["outcome"].corrected_query == "vertrouwenspersoon"
    assert _titles(typo) == ["Onze vertrouwenspersonen"]
    assert _titles(half) == ["Gedragscode"]
    # The words typed found nothing: the Redactie sees them under "zonder resultaat".
    assert set(ZeroResultQuery.objects.values_list("query_string", flat=True)) == {
        "vertrouwenpersoon",
        "gedragscod",
    }


def test_a_correction_never_uses_a_word_of_a_hidden_page(employee_client, home_page):
    from django.contrib.auth.models import Group

    from wagtail.models import PageViewRestriction

    hidden = ContentPageFactory(parent=home_page, title="Reorganisatieplannen", intro="Geheim.")
    restriction = PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Directie"))

    response = employee_client.get("/zoeken/", {"q": "reorganisatieplanen"})

    assert response.context["outcome"].corrected_query == ""
    assert "Reorganisatieplannen" not in response.content.decode()
    data = json.loads(
        employee_client.get("/zoeken/", {"q": "reorganisatieplanen", "format": "json"}).content
    )
    assert (data["corrected_query"], data["results"]) == ("", [])


@pytest.mark.parametrize(
    ("query", "advice"),
    [
        ("a", "Typ een woord van minstens twee letters"),
        ("😀", "Typ een woord van minstens twee letters"),
        ("de het een", "Je zocht alleen op kleine woorden"),
        ("xyzzy", "Controleer de spelling"),
    ],
)
def test_nothing_found_says_what_to_try(employee_client, site, query, advice):
    response = employee_client.get("/zoeken/", {"q": query})

    content = response.content.decode()
    assert response.status_code == 200
    assert f"Niets gevonden voor ‘{query}’" in content
    assert advice in content
    assert "Regels en afspraken" in content  # the onderwerpen to browse instead


def test_many_pages_of_results_show_a_short_list_of_page_links(employee_client, home_page):
    for number in range(95):
        ContentPageFactory(parent=home_page, title=f"Dilemma {number}", intro="Een dilemma.")

    response = employee_client.get("/zoeken/", {"q": "dilemma", "pagina": "5"})

    content = response.content.decode()
    nav = content[content.index('aria-label="Pagina\'s met resultaten"') :]
    links = re.findall(r"pagina=(\d+)", nav)
    # First pages, 3–7 around 5, the last; 8 and 9 folded into "…".
    assert set(links) == {"1", "2", "3", "4", "6", "7", "10"}
    assert '<span aria-current="page"><span class="visually-hidden">Pagina </span>5</span>' in nav
    assert "…" in nav


def test_filters_are_kept_when_paging(employee_client, home_page):
    leren = ThemePageFactory(parent=home_page, title="Leren en oefenen")
    for number in range(12):
        ELearningPageFactory(parent=leren, title=f"Dilemma {number}", intro="Een dilemma.")
    ContentPageFactory(parent=home_page, title="Dilemma los", intro="Een dilemma.")

    first = employee_client.get("/zoeken/", {"q": "dilemma", "type": "e-learning"})
    second = employee_client.get("/zoeken/", {"q": "dilemma", "type": "e-learning", "pagina": "2"})

    assert first.context["outcome"].total == 12
    assert "type=e-learning&amp;pagina=2" in first.content.decode()
    assert len(_titles(second)) == 2
    assert "Dilemma los" not in _titles(first) + _titles(second)


def test_someone_whose_role_is_searched_for_comes_first(employee_client, home_page):
    ContactOverviewPageFactory(parent=home_page)
    ContentPageFactory(
        parent=home_page, title="Dilemmaspel", intro="Vraag het aan de integriteitscoördinator."
    )
    ContactPersonFactory(name="Joost Bakker", role=ContactRole.INTEGRITEITSCOORDINATOR)

    response = employee_client.get("/zoeken/", {"q": "coordinator"})

    assert _titles(response)[:2] == ["Joost Bakker", "Dilemmaspel"]


def test_a_title_with_the_words_searched_for_comes_first(employee_client, home_page):
    ContentPageFactory(
        parent=home_page,
        title="Vragen en antwoorden",
        intro="Nevenfunctie? Meld het. Een nevenfunctie meld je bij je leidinggevende. "
        "Nog een keer: nevenfunctie.",
    )
    ContentPageFactory(
        parent=home_page, title="Regeling nevenfuncties", intro="Wat je moet weten, lang verhaal."
    )

    assert _titles(employee_client.get("/zoeken/", {"q": "nevenfunctie melden"}))[0] == (
        "Regeling nevenfuncties"
    )


def test_a_promotion_shows_for_every_form_of_its_words(employee_client, home_page):
    target = ContentPageFactory(parent=home_page, title="Zo meld je iets", intro="Melden.")
    other = ContentPageFactory(parent=home_page, title="Met wie kan ik praten?", intro="Praten.")
    SearchPromotion.objects.create(query=Query.get("melden"), page=target)
    SearchPromotion.objects.create(query=Query.get("vertrouwenspersoon"), page=other)

    def promoted(query):
        response = employee_client.get("/zoeken/", {"q": query})
        return [p["title"] for p in response.context["promotions"]]

    for query in ("melden", "Meldingen", "ik wil iets melden", "gemeld?"):
        assert promoted(query) == ["Zo meld je iets"], query
    assert promoted("vertrouwenspersonen") == ["Met wie kan ik praten?"]
    assert promoted("VP") == ["Met wie kan ik praten?"]  # a synonym reads the same
    assert promoted("misstand melden") == []  # more than the promoted words


def test_contact_overview_is_found_by_its_roles_and_what_they_do(employee_client, home_page):
    from tests.kennisbank.factories import RoleExplanationFactory

    overview = ContactOverviewPageFactory(parent=home_page, intro="Kies wie bij je vraag past.")
    RoleExplanationFactory(
        page=overview,
        role=ContactRole.VERTROUWENSPERSOON_ONGEWENST_GEDRAG,
        does="Luistert als je wordt gepest op je werk.",
        does_not="Doet geen onderzoek.",
    )
    overview.save_revision().publish()

    for query in ("gepest", "vertrouwenspersonen"):
        response = employee_client.get("/zoeken/", {"q": query, "format": "json"})
        titles = [hit["title"] for hit in response.json()["results"]]
        assert "Met wie kan ik praten?" in titles, f"{query!r} found {titles}"
