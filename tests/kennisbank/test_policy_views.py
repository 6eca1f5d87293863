"""What a reader sees of a versioned policy document: today, on a date, old, announced, compared."""

import datetime

from django.utils import timezone

import pytest

from tests.kennisbank.factories import PolicyDocumentPageFactory, PolicyVersionFactory, articles

D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def gedragscode(home_page, today):
    page = PolicyDocumentPageFactory(
        parent=home_page, title="Gedragscode ambtelijke integriteit", slug="gedragscode"
    )
    PolicyVersionFactory(
        page=page,
        label="2016",
        adopted_on=D(2016, 5, 10),
        in_force_from=D(2016, 7, 1),
        articles=articles(("1", "Geschenken tot 25 euro mag je houden."), ("2", "Meld nevenwerk.")),
    )
    PolicyVersionFactory(
        page=page,
        label="2019",
        adopted_on=D(2019, 2, 12),
        in_force_from=D(2019, 4, 1),
        articles=articles(
            "Geschenken", ("1", "Geschenken tot 50 euro meld je altijd."), ("2", "Meld nevenwerk.")
        ),
    )
    PolicyVersionFactory(
        page=page,
        label="herziening 2025",
        adopted_by="ps",
        adopted_on=D(2026, 10, 6),
        in_force_from=D(2027, 1, 1),
        articles=articles(("1", "Geschenken meld je altijd."), ("3", "Doe de e-learning.")),
    )
    return page


def _html(response):
    return response.content.decode()


@pytest.mark.django_db
def test_page_shows_version_in_force_today_with_adoption_line(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/")

    html = _html(response)
    assert response.status_code == 200
    assert "In het kort" in html
    assert "Geschenken tot 50 euro meld je altijd." in html
    assert "Geschenken tot 25 euro" not in html
    assert "Vastgesteld door Gedeputeerde Staten op 12 februari 2019" in html
    assert "in werking sinds 1 april 2019" in html


@pytest.mark.django_db
def test_page_announces_the_coming_version(employee_client, gedragscode):
    html = _html(employee_client.get("/gedragscode/"))

    assert "Er komt een nieuwe versie." in html
    assert "geldt vanaf 1 januari 2027" in html
    assert 'href="/gedragscode/versies/herziening-2025/"' in html
    assert 'href="/gedragscode/vergelijk/2019/herziening-2025/"' in html


@pytest.mark.django_db
def test_versions_list_shows_every_version_with_derived_status(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/versies/")

    html = _html(response)
    assert response.status_code == 200
    for label, status in [
        ("2016", "Vervallen"),
        ("2019", "In werking"),
        ("herziening 2025", "Aangekondigd"),
    ]:
        assert f">{label}</a>" in html
        assert status in html
    assert '<label class="utrecht-form-label" for="versie-a">' in html


@pytest.mark.django_db
def test_old_version_has_a_permanent_address_and_a_banner(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/versies/2016/")

    html = _html(response)
    assert response.status_code == 200
    assert "Geschenken tot 25 euro mag je houden." in html
    assert "Je bekijkt een oude versie. Deze versie is vervallen." in html
    assert "Er komt een nieuwe versie." not in html


@pytest.mark.django_db
def test_announced_version_page_says_when_it_applies(employee_client, gedragscode):
    html = _html(employee_client.get("/gedragscode/versies/herziening-2025/"))

    assert "Dit is een aangekondigde versie. Ze geldt vanaf 1 januari 2027." in html
    assert "Vastgesteld door Provinciale Staten op 6 oktober 2026" in html
    assert "in werking vanaf 1 januari 2027" in html


@pytest.mark.django_db
def test_unknown_version_is_404(employee_client, gedragscode):
    assert employee_client.get("/gedragscode/versies/1999/").status_code == 404
    assert employee_client.get("/gedragscode/vergelijk/2016/1999/").status_code == 404


@pytest.mark.django_db
def test_on_a_date_shows_the_version_then_in_force(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/?op=2018-03-01")

    html = _html(response)
    assert response.status_code == 200
    assert "Geschenken tot 25 euro mag je houden." in html
    assert "Je bekijkt de versie die gold op 1 maart 2018." in html


@pytest.mark.django_db
def test_on_a_date_before_the_first_version(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/?op=2015-01-01")

    html = _html(response)
    assert response.status_code == 200
    assert "Op 1 januari 2015 gold dit document nog niet." in html
    # The first version has lapsed since: it "went into force", it is not "in force since".
    assert "De eerste versie (2016) ging in op 1 juli 2016." in html
    assert "is in werking sinds" not in html
    assert "Geschenken tot" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["01-03-2022", "2022-02-30", "morgen", "2022-03-01'"])
def test_bad_date_is_a_dutch_400_with_the_current_version(employee_client, gedragscode, bad):
    response = employee_client.get("/gedragscode/", {"op": bad})

    html = _html(response)
    assert response.status_code == 400
    assert "Dat is geen geldige datum." in html
    assert 'role="alert"' in html
    assert "Geschenken tot 50 euro meld je altijd." in html


@pytest.mark.django_db
def test_compare_marks_changes_per_article_not_by_colour_alone(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/vergelijk/2016/2019/")

    html = _html(response)
    assert response.status_code == 200
    assert "Zo lees je de vergelijking" in html  # the legend
    deleted = '<del class="kb-del"><span class="visually-hidden">verwijderd: </span>25</del>'
    inserted = '<ins class="kb-ins"><span class="visually-hidden">toegevoegd: </span>50</ins>'
    assert f"Geschenken tot {deleted} {inserted} euro" in html
    assert 'Artikel 2 <span class="kb-change">(niet veranderd)</span>' in html


@pytest.mark.django_db
def test_compare_lists_added_and_removed_articles(employee_client, gedragscode):
    html = _html(employee_client.get("/gedragscode/vergelijk/2019/herziening-2025/"))

    assert 'Artikel 2 <span class="kb-change">(artikel vervallen)</span>' in html
    assert 'Artikel 3 <span class="kb-change">(nieuw artikel)</span>' in html


@pytest.mark.django_db
def test_compare_form_redirects_to_the_compare_address(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/versies/", {"a": "2016", "b": "2019"})

    assert response.status_code == 302
    assert response["Location"] == "/gedragscode/vergelijk/2016/2019/"


@pytest.mark.django_db
def test_compare_form_with_the_same_version_twice_explains(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/versies/", {"a": "2016", "b": "2016"})

    assert response.status_code == 400
    assert "Kies twee verschillende versies" in _html(response)


@pytest.mark.django_db
def test_search_index_holds_the_text_in_force(gedragscode):
    text = gedragscode.text_in_force()

    assert "Geschenken tot 50 euro meld je altijd." in text
    assert "25 euro" not in text
    assert "Doe de e-learning" not in text


@pytest.mark.django_db
def test_page_can_be_found_by_text_in_force(employee_client, gedragscode):
    from kennisbank.models import PolicyDocumentPage

    gedragscode.save_revision().publish()  # indexes the page
    results = PolicyDocumentPage.objects.live().search("nevenwerk")

    assert gedragscode.pk in [p.pk for p in results]


@pytest.mark.django_db
def test_articles_sit_below_the_versions_own_headings(employee_client, gedragscode):
    with_heading = _html(employee_client.get("/gedragscode/"))  # 2019 has a heading
    without = _html(employee_client.get("/gedragscode/versies/2016/"))

    assert '<h3 class="utrecht-heading-3 kb-heading">Geschenken</h3>' in with_heading
    assert '<h4 class="utrecht-heading-4 kb-article__heading">' in with_heading
    assert '<h3 class="utrecht-heading-3 kb-article__heading">' in without


# --- Dates nobody prepared for, versions not yet adopted, odd pairs ----------------------


@pytest.mark.django_db
def test_on_a_future_date_shows_the_announced_version_as_announced(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/?op=2100-01-01")

    html = _html(response)
    assert response.status_code == 200
    assert "Op 1 januari 2100 geldt versie herziening 2025." in html
    assert "Die versie is aangekondigd: ze geldt vanaf 1 januari 2027." in html
    assert "geldt nu niet meer" not in html  # it never stopped: it has not started
    assert "Geschenken meld je altijd." in html


@pytest.mark.django_db
def test_on_a_date_when_todays_version_already_applied(employee_client, gedragscode):
    html = _html(employee_client.get("/gedragscode/?op=2022-03-01"))

    assert "Op 1 maart 2022 gold versie 2019. Dat is de versie die nu geldt." in html
    assert "Je bekijkt de versie die gold" not in html


@pytest.mark.django_db
def test_document_with_only_an_announced_version_links_to_it(employee_client, home_page, today):
    page = PolicyDocumentPageFactory(parent=home_page, slug="nieuw")
    PolicyVersionFactory(
        page=page, label="2027", adopted_on=D(2026, 11, 1), in_force_from=D(2027, 1, 1)
    )

    html = _html(employee_client.get("/nieuw/"))

    assert "Er is nog geen versie van dit document in werking." in html
    assert "Er komt een nieuwe versie." in html
    assert 'href="/nieuw/versies/2027/"' in html


@pytest.fixture
def planned(gedragscode):
    """A version whose adoption date lies after today: a plan, not yet a rule."""
    return PolicyVersionFactory(
        page=gedragscode,
        label="2028",
        adopted_on=D(2027, 6, 1),
        in_force_from=D(2028, 1, 1),
        articles=articles(("1", "Nog in overleg.")),
    )


@pytest.mark.django_db
def test_version_not_yet_adopted_is_not_shown_to_readers(employee_client, gedragscode, planned):
    versions = _html(employee_client.get("/gedragscode/versies/"))

    assert ">2028</a>" not in versions
    assert "Nog niet vastgesteld" not in versions
    assert employee_client.get("/gedragscode/versies/2028/").status_code == 404
    assert employee_client.get("/gedragscode/vergelijk/2019/2028/").status_code == 404
    assert "Nog in overleg." not in _html(employee_client.get("/gedragscode/?op=2029-01-01"))


@pytest.mark.django_db
def test_compare_in_reverse_order_redirects_to_old_then_new(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/vergelijk/2019/2016/")

    assert response.status_code == 302
    assert response["Location"] == "/gedragscode/vergelijk/2016/2019/"


@pytest.mark.django_db
def test_compare_form_puts_the_older_version_first(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/versies/", {"a": "herziening-2025", "b": "2016"})

    assert response["Location"] == "/gedragscode/vergelijk/2016/herziening-2025/"


@pytest.mark.django_db
def test_compare_a_version_with_itself_explains_instead(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/vergelijk/2019/2019/")

    assert response.status_code == 400
    assert "Kies twee verschillende versies om te vergelijken." in _html(response)


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"a": "2016"}, {"a": "", "b": ""}, {"a": "2016", "b": "1999"}])
def test_compare_form_with_missing_or_unknown_versions_explains(
    employee_client, gedragscode, query
):
    response = employee_client.get("/gedragscode/versies/", query)

    assert response.status_code == 400
    assert "Kies twee verschillende versies" in _html(response)


@pytest.mark.django_db
def test_version_address_ignores_capitals(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/versies/Herziening-2025/")

    assert response.status_code == 200
    assert "Geschenken meld je altijd." in _html(response)


def _selected(html, name):
    from bs4 import BeautifulSoup

    select = BeautifulSoup(html, "html.parser").find("select", attrs={"name": name})
    return [option.get_text() for option in select.find_all("option", selected=True)]


@pytest.mark.django_db
def test_compare_form_keeps_the_readers_choice_after_an_error(employee_client, gedragscode):
    response = employee_client.get("/gedragscode/versies/?a=2016&b=2016")

    html = _html(response)
    assert response.status_code == 400
    assert "Kies twee verschillende versies" in html
    assert _selected(html, "a") == ["2016"] and _selected(html, "b") == ["2016"]
    assert 'aria-invalid="true" aria-describedby="vergelijk-fout"' in html


@pytest.mark.django_db
def test_compare_form_offers_the_two_newest_versions_first(employee_client, gedragscode):
    html = _html(employee_client.get("/gedragscode/versies/"))

    assert _selected(html, "a") == ["2019"] and _selected(html, "b") == ["herziening 2025"]
    # A select that looks like one (the arrow comes from kennisbank.css on this class).
    assert html.count('class="utrecht-select utrecht-select--html-select"') == 2


@pytest.mark.django_db
def test_old_version_says_the_period_it_applied(employee_client, gedragscode):
    html = _html(employee_client.get("/gedragscode/versies/2016/"))

    assert "gold van 1 juli 2016 tot 1 april 2019" in html
    assert "in werking sinds 1 juli 2016" not in html
    assert "Status: vervallen" in html


@pytest.mark.django_db
def test_on_a_past_date_the_lapsed_version_says_its_period(employee_client, gedragscode):
    html = _html(employee_client.get("/gedragscode/?op=2017-03-01"))

    assert "Je bekijkt de versie die gold op 1 maart 2017" in html
    assert "gold van 1 juli 2016 tot 1 april 2019" in html


@pytest.mark.django_db
def test_version_end_is_the_start_of_the_next_version():
    from types import SimpleNamespace

    from kennisbank.models.policy import version_end

    v2016, v2019, v2027 = (
        SimpleNamespace(in_force_from=D(2016, 7, 1)),
        SimpleNamespace(in_force_from=D(2019, 4, 1)),
        SimpleNamespace(in_force_from=D(2027, 1, 1)),
    )
    versions = [v2019, v2027, v2016]  # any order: dates decide
    assert version_end(v2016, versions) == D(2019, 4, 1)
    assert version_end(v2019, versions) == D(2027, 1, 1)
    assert version_end(v2027, versions) is None


def _version_rows(html):
    from bs4 import BeautifulSoup

    table = BeautifulSoup(html, "html.parser").find("table", class_="kb-versions")
    header = [" ".join(th.get_text().split()) for th in table.thead.find_all("th")]
    rows = [
        [" ".join(cell.get_text().split()) for cell in row.find_all(["th", "td"])]
        for row in table.tbody.find_all("tr")
    ]
    return header, rows


@pytest.mark.django_db
def test_versions_table_says_until_when_each_version_applies(employee_client, gedragscode):
    header, rows = _version_rows(_html(employee_client.get("/gedragscode/versies/")))

    assert header[-1] == "Geldt tot"
    assert [row[-1] for row in rows] == ["1 april 2019", "1 januari 2027", "Geen einddatum"]


@pytest.mark.django_db
def test_versions_table_does_not_end_a_version_on_a_plan_readers_cannot_see(
    employee_client, gedragscode
):
    """A version adopted in the future is not shown; its date must not show either."""
    PolicyVersionFactory(
        page=gedragscode, label="plan", adopted_on=D(2027, 3, 1), in_force_from=D(2028, 1, 1)
    )

    _header, rows = _version_rows(_html(employee_client.get("/gedragscode/versies/")))

    assert rows[-1][-1] == "Geen einddatum"
    assert "2028" not in str(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/gedragscode/versies/1999/", "/gedragscode/vergelijk/2016/1999/"])
def test_an_unknown_version_says_so_and_lists_the_versions_that_exist(
    employee_client, gedragscode, url
):
    response = employee_client.get(url)

    html = _html(response)
    assert response.status_code == 404
    assert "Versie ‘1999’ bestaat niet." in html
    assert 'href="/gedragscode/versies/2019/"' in html


@pytest.mark.django_db
def test_two_unknown_versions_are_named_in_one_sentence(employee_client, gedragscode):
    html = _html(employee_client.get("/gedragscode/vergelijk/1990/1999/"))

    assert "Versie ‘1990’ en versie ‘1999’ bestaan niet." in html
