"""The search answers in a bounded number of SQL queries, however many results match."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from kennisbank.constants import PolicyKind
from search.statistics import MIN_SEARCHES
from tests.kennisbank.factories import (
    ContactPersonFactory,
    ContentPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    ThemePageFactory,
)
from tests.search.factories import DocumentFactory

pytestmark = pytest.mark.django_db

# Issue 13: at most 12 for the search page, flat from a small to a large site. A steady
# search (docs/performance.md) costs: the user; one statement for pages, contact persons and
# documents (two when the words are found apart); the pages shown, one query per page type;
# the versions of the policy documents shown; the documents shown; the statistics (two for a
# term shown in Wagtail's tables). Promotions, themes, labels, restrictions, references,
# contact persons and Wagtail's site come from integriteitsplein/sitememo.py.
BUDGET = 12
# Read once after a change of the site, by the first search (integriteitsplein/sitememo.py).
AFTER_A_CHANGE = 12


@pytest.fixture(autouse=True)
def _every_search_asks_the_database(settings):
    """These budgets are what a search costs the database: a question asked again within the
    minute costs less (its ranked rows are kept, tests/search/test_result_cache.py)."""
    settings.SEARCH_RESULT_CACHE_SECONDS = 0


def _make(home_page, count):
    theme = ThemePageFactory(parent=home_page, title=f"Onderwerp {count}")
    for n in range(count):
        ContentPageFactory(parent=theme, title=f"Geschenken {n}", intro="Over geschenken.")
        policy = PolicyDocumentPageFactory(
            parent=theme, title=f"Regeling geschenken {n}", kind=PolicyKind.REGELING
        )
        PolicyVersionFactory(page=policy)
        ContactPersonFactory(name=f"Geschenken {n}")
        DocumentFactory.pdf(f"Regels voor geschenken {n}", title=f"Geschenkenlijst {n}")


def _queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/zoeken/", params)
    assert response.status_code == 200
    response.wsgi_request._queries = captured.captured_queries  # shown when a budget fails
    return len(captured), response


@pytest.mark.parametrize("params", [{"q": "geschenk"}, {"q": "geschenk", "format": "json"}])
def test_query_count_does_not_grow_with_results(employee_client, home_page, params):
    _make(home_page, 3)
    # The session and site root paths; and the term is searched often enough to be shared
    # with Wagtail's statistics (search/statistics.py), which costs one search a few more.
    for _ in range(MIN_SEARCHES):
        employee_client.get("/zoeken/", params)
    few, response = _queries(employee_client, params)
    _make(home_page, 20)
    # The first search after a change reads what integriteitsplein/sitememo.py keeps per change of
    # the site (themes, labels, references, versions): a few queries, once.
    cold, _response = _queries(employee_client, params)
    assert cold <= BUDGET + AFTER_A_CHANGE
    many, response_many = _queries(employee_client, params)

    print(f"\nSQL queries for {params}: {few} with 12 matches, {many} with 92 matches")
    assert many <= few, [q["sql"][:120] for q in response_many.wsgi_request._queries]
    assert many <= BUDGET
    if "--show-sql" in str(params):
        print(response, response_many)


def test_a_page_of_policy_documents_costs_no_query_per_document(employee_client, home_page):
    """Each policy result shows the date of its version in force: read in one query."""
    theme = ThemePageFactory(parent=home_page, title="Regels")

    def add_policies(start, count):
        for n in range(start, start + count):
            policy = PolicyDocumentPageFactory(
                parent=theme, title=f"Regeling geschenken {n}", kind=PolicyKind.REGELING
            )
            PolicyVersionFactory(page=policy)
            PolicyVersionFactory(page=policy, label="2026", in_force_from="2026-01-01")

    add_policies(0, 1)
    for _ in range(MIN_SEARCHES):  # as above: the statistics reach their steady state
        employee_client.get("/zoeken/", {"q": "geschenk"})
    one, _response = _queries(employee_client, {"q": "geschenk"})
    add_policies(1, 11)
    _queries(employee_client, {"q": "geschenk"})  # the first search after a change
    ten, response = _queries(employee_client, {"q": "geschenk"})

    hits = response.context["page_obj"].object_list
    assert len(hits) == 10
    assert all(h.date_label == "In werking sinds" for h in hits)
    assert ten == one


def test_a_question_whose_words_are_found_apart_stays_within_the_budget(employee_client, home_page):
    """The fallback (words found on different pages) searches every word: in one statement
    per kind of object, so six words cost what one does."""
    params = {"q": "geschenk leverancier dienstauto declaratie nevenfunctie bibob"}
    _make(home_page, 3)
    for _ in range(MIN_SEARCHES):
        employee_client.get("/zoeken/", params)
    few, _response = _queries(employee_client, params)
    _make(home_page, 20)
    _queries(employee_client, params)  # the first search after a change: see above
    many, response = _queries(employee_client, params)

    assert response.context["outcome"].with_all_words == 0  # the fallback ran
    assert many <= few
    assert many <= BUDGET, [q["sql"][:120] for q in response.wsgi_request._queries]
