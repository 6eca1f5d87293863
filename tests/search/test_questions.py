"""Searching as employees ask (issue 15): questions, the Redactie's synonyms, and rules that
are coming or have lapsed. On SQLite and PostgreSQL through the page; Elasticsearch through
the query body it would get (no server runs here)."""

import datetime
import json

from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from wagtail.search.backends import get_search_backend

import pytest
from modelsearch.query import And, Or, PlainText

from kennisbank.constants import PolicyKind
from search.analysis import query_groups, query_words
from search.backends.elasticsearch import DutchElasticsearchBackend
from search.models import Synoniem
from search.service import groups_query, ranked_rows
from search.synonyms import CACHE_KEY, redactie_synonym_pairs
from tests.kennisbank.factories import (
    ContentPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    articles,
)

pytestmark = pytest.mark.django_db


def _results(client, query, **params):
    response = client.get("/zoeken/", {"q": query, "format": "json", **params})
    assert response.status_code == 200
    return json.loads(response.content)["results"]


# --- questions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("mag ik een bijbaan hebben", ["bijbaan"]),
        ("is het toegestaan om een bijbaan te hebben", ["bijbaan"]),
        ("hoe meld ik een misstand", ["meld", "misstand"]),
        ("wat moet ik doen als ik word gepest", ["gepest"]),
        ("waar vind ik eigenlijk de gedragscode", ["gedragscode"]),
        # Only question words: they are kept, so something is still searched.
        ("toegestaan", ["toegestaan"]),
    ],
)
def test_question_words_are_left_out_of_a_query(query, words):
    assert query_words(query) == words


def test_a_question_finds_the_page_that_has_only_its_subject(employee_client, home_page):
    ContentPageFactory(parent=home_page, title="Bijbanen", intro="Meld een bijbaan vooraf.")

    titles = [r["title"] for r in _results(employee_client, "Is het toegestaan om een bijbaan?")]

    assert titles == ["Bijbanen"]


def test_when_no_page_has_every_word_the_page_says_which_words_a_result_lacks(
    employee_client, home_page
):
    ContentPageFactory(parent=home_page, title="Nevenfuncties", intro="Een nevenfunctie meld je.")
    ContentPageFactory(parent=home_page, title="Bedrijfsauto", intro="Over de auto van de zaak.")

    response = employee_client.get("/zoeken/", {"q": "nevenfunctie eigen bedrijf"})

    content = response.content.decode()
    assert "Geen resultaat heeft al je woorden" in content
    assert "Niet gevonden: <s>eigen</s>, <s>bedrijf</s>" in content
    results = _results(employee_client, "nevenfunctie eigen bedrijf")
    assert results[0]["title"] == "Nevenfuncties"
    assert results[0]["missing"] == ["eigen", "bedrijf"]


def test_a_result_with_every_word_shows_no_missing_words(employee_client, home_page):
    ContentPageFactory(parent=home_page, title="Geschenken", intro="Een geschenk van een klant.")

    response = employee_client.get("/zoeken/", {"q": "geschenk klant"})

    assert "Niet gevonden" not in response.content.decode()
    assert "Geen resultaat heeft al je woorden" not in response.content.decode()


def test_a_rare_word_outranks_a_common_one_in_the_fallback(employee_client, home_page):
    for number in range(4):
        ContentPageFactory(parent=home_page, title=f"Werk {number}", intro="Over je werk.")
    ContentPageFactory(parent=home_page, title="Ondermijning", intro="Signalen herkennen.")

    results = _results(employee_client, "ondermijning op mijn werk melden")

    assert results[0]["title"] == "Ondermijning"
    assert results[0]["missing"] == ["werk", "melden"]


# --- synonyms ---------------------------------------------------------------------------


def test_the_seeded_synonyms_hold_the_plein_vocabulary():
    terms = set(Synoniem.objects.values_list("term", flat=True))
    assert {"nevenfunctie", "sociale media", "declaratie", "smeergeld"} <= terms
    assert "twitter" in Synoniem.objects.get(term="sociale media").words.lower()


def test_a_synonym_works_both_ways_and_as_a_phrase(employee_client, home_page):
    ContentPageFactory(parent=home_page, title="Online", intro="Wat je op sociale media deelt.")
    ContentPageFactory(parent=home_page, title="Zijwerk", intro="Nevenwerk meld je vooraf.")

    for query in ("twitter", "social media", "mag ik iets op LinkedIn zetten"):
        assert [r["title"] for r in _results(employee_client, query)][:1] == ["Online"], query
    assert [r["title"] for r in _results(employee_client, "nevenfunctie")] == ["Zijwerk"]


def test_a_new_synonym_applies_at_once_and_its_removal_too(employee_client, home_page):
    ContentPageFactory(parent=home_page, title="Thuiswerken", intro="Regels voor thuiswerken.")
    assert _results(employee_client, "telewerken") == []

    synonym = Synoniem.objects.create(term="thuiswerken", words="telewerken, hybride werken")
    assert [r["title"] for r in _results(employee_client, "telewerken")] == ["Thuiswerken"]

    synonym.delete()
    assert _results(employee_client, "telewerken") == []


def test_the_synonym_list_is_read_once_and_cached(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = redactie_synonym_pairs()
    with django_assert_num_queries(0):
        assert redactie_synonym_pairs() == first
    assert cache.get(CACHE_KEY) is not None
    Synoniem.objects.create(term="verlof", words="vakantie")
    assert cache.get(CACHE_KEY) is None


def test_a_broken_cache_falls_back_to_the_database(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)

    assert ("declaratie", "onkosten") in redactie_synonym_pairs()


@pytest.mark.parametrize(
    ("term", "words", "field", "message"),
    [
        ("de", "het", "term", "geen woord waarop gezocht wordt"),
        ("verlof", "", "words", "Vul minstens één woord in"),
        ("verlof", "vakantie, X", "words", "‘X’"),
        ("verlof", "Verlof", "words", "hetzelfde als het zoekwoord"),
    ],
)
def test_a_synonym_that_cannot_work_is_refused_in_dutch(term, words, field, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        Synoniem(term=term, words=words).full_clean()

    assert message in " ".join(refused.value.message_dict[field])


def test_redactie_adds_a_synonym_in_the_admin(redacteur, employee_client, home_page):
    ContentPageFactory(parent=home_page, title="Verlof", intro="Zo vraag je verlof aan.")
    assert _results(employee_client, "snipperdag") == []
    editor = Client()
    editor.force_login(redacteur)
    add = "/admin/snippets/search/synoniem/add/"

    form = editor.get(add, {"term": "verlof"})
    assert form.status_code == 200
    assert 'value="verlof"' in form.content.decode()
    response = editor.post(add, {"term": "verlof", "words": "snipperdag, vrije dag"})

    assert response.status_code == 302
    assert [r["title"] for r in _results(employee_client, "snipperdag")] == ["Verlof"]


def test_the_zero_result_report_suggests_a_synonym(client, redacteur, home_page):
    from search.models import ZeroResultQuery

    for term in ("snipperdag", "twitter"):
        ZeroResultQuery.objects.create(query_string=term, date=timezone.localdate(), hits=5)
    client.force_login(redacteur)

    content = client.get("/admin/zoektermen/zonder-resultaat/").content.decode()

    assert "/admin/snippets/search/synoniem/add/?term=snipperdag" in content
    # "twitter" is in the seeded list already.
    assert "?term=twitter" not in content
    assert "Heeft een synoniem" in content


# --- Elasticsearch: the query body ------------------------------------------------------


def test_elasticsearch_gets_question_words_dropped_and_synonyms_in_its_query():
    query = groups_query(query_groups("mag ik over mijn werk posten op social media"), False)

    assert isinstance(query, And)
    texts = [
        [option.query_string for option in part.subqueries]
        if isinstance(part, Or)
        else [part.query_string]
        for part in query.subqueries
    ]
    assert texts[0] == ["werk"]
    assert texts[1] == ["posten"]
    # The word finds the term ("sociale media"); the term finds all its words.
    assert texts[2] == ["social media", "sociale media"]
    term = groups_query(query_groups("sociale media"), False)
    assert {"twitter", "linkedin", "social media"} <= {o.query_string for o in term.subqueries}


def test_elasticsearch_receives_a_query_object_not_the_question(monkeypatch):
    backend = DutchElasticsearchBackend({"URLS": ["http://localhost:9200"]})
    received = []

    def search(query, queryset, operator=None, **kwargs):
        received.append(query)
        raise LookupError("no server")

    monkeypatch.setattr(backend, "search", search)
    with pytest.raises(LookupError):
        ranked_rows(backend, "is het toegestaan om twitter te gebruiken", None, ())

    query = received[0]
    assert isinstance(query, And)
    assert [type(part) for part in query.subqueries] == [Or, PlainText]
    assert query.subqueries[1].query_string == "gebruiken"


def test_the_database_backends_are_not_given_a_query_object():
    assert getattr(get_search_backend(), "dutch_analysis", False)


# --- announced and earlier versions -----------------------------------------------------


@pytest.fixture
def code_with_three_versions(home_page):
    today = timezone.localdate()
    page = PolicyDocumentPageFactory(
        parent=home_page,
        title="Gedragscode",
        kind=PolicyKind.GEDRAGSCODE,
        summary="Hoe wij werken.",
    )
    PolicyVersionFactory(
        page=page,
        label="2016",
        adopted_on=datetime.date(2016, 1, 1),
        in_force_from=datetime.date(2016, 2, 1),
        articles=articles(("1", "Een fax stuur je nooit naar een leverancier.")),
    )
    PolicyVersionFactory(
        page=page,
        label="2019",
        adopted_on=datetime.date(2019, 1, 1),
        in_force_from=datetime.date(2019, 2, 1),
        articles=articles(("1", "Geschenken meld je.")),
    )
    PolicyVersionFactory(
        page=page,
        label="2030",
        adopted_on=today - datetime.timedelta(days=10),
        in_force_from=today + datetime.timedelta(days=30),
        articles=articles(
            ("1", "Geschenken meld je."), ("2", "Op sociale media ben je zorgvuldig.")
        ),
    )
    page.save_revision().publish()
    return page, today + datetime.timedelta(days=30)


def test_an_announced_version_is_found_labelled_and_linked(
    employee_client, code_with_three_versions
):
    _page, in_force = code_with_three_versions

    results = _results(employee_client, "sociale media")

    assert [r["title"] for r in results] == ["Gedragscode"]
    assert results[0]["url"].endswith("/versies/2030/")
    assert results[0]["version_status"] == "announced"
    assert results[0]["date"] == in_force.isoformat()
    html = employee_client.get("/zoeken/", {"q": "sociale media"}).content.decode()
    assert "Komt eraan vanaf" in html
    assert "Versie 2030" in html


def test_a_word_of_the_version_in_force_links_to_the_page(
    employee_client, code_with_three_versions
):
    results = _results(employee_client, "geschenken")

    assert results[0]["url"].endswith("/gedragscode/")
    assert results[0]["version_status"] is None


def test_an_earlier_version_only_when_asked(employee_client, code_with_three_versions):
    assert _results(employee_client, "fax") == []

    results = _results(employee_client, "fax", vervallen="1")

    assert [r["title"] for r in results] == ["Gedragscode"]
    assert results[0]["url"].endswith("/versies/2016/")
    assert results[0]["version_status"] == "superseded"
    html = employee_client.get("/zoeken/", {"q": "fax", "vervallen": "1"}).content.decode()
    assert "Vervallen versie 2016" in html
    assert 'name="vervallen" value="1" checked' in html
