"""A question asked again within the minute is answered from the shared cache, but never
across a change of the site or from a visitor who may see more (search/result_cache.py,
docs/adr/0030)."""

import datetime
import json
import signal

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from integriteitsplein import resilient_cache, roles
from search import wordrank
from search.service import expiry_moment
from tests.conftest import _user_in
from tests.kennisbank.factories import ContentPageFactory

pytestmark = pytest.mark.django_db

# What only the ranked statement holds: PostgreSQL's ts_rank or the ranks it keeps per word
# (search/wordrank.py), SQLite's bm25().
RANKING = ("ts_rank(", wordrank.TABLE, "bm25(")


def _search(client, query):
    """(titles found, ranked statements sent) of one search, as the JSON answer gives them."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/zoeken/", {"q": query, "format": "json"})
    assert response.status_code == 200
    titles = sorted(result["title"] for result in json.loads(response.content)["results"])
    ranked = [q["sql"] for q in captured if any(word in q["sql"] for word in RANKING)]
    return titles, ranked


def test_a_question_asked_again_is_answered_without_ranking_again(employee_client, home_page):
    ContentPageFactory(parent=home_page, title="Geschenken van leveranciers", intro="Geschenk.")

    first, ranked_first = _search(employee_client, "geschenken")
    again, ranked_again = _search(employee_client, "geschenken")

    assert first == again == ["Geschenken van leveranciers"]
    assert ranked_first, "the first search ranks in the database"
    assert not ranked_again, ranked_again


def test_a_page_published_after_a_search_is_found_by_the_next(employee_client, home_page):
    ContentPageFactory(parent=home_page, title="Geschenken van leveranciers", intro="Geschenk.")
    assert _search(employee_client, "geschenken")[0] == ["Geschenken van leveranciers"]

    ContentPageFactory(parent=home_page, title="Geschenken aan collega's", intro="Geschenk.")
    titles, ranked = _search(employee_client, "geschenken")

    assert titles == ["Geschenken aan collega's", "Geschenken van leveranciers"]
    assert ranked


def _closed_to_all_but(home_page, group_name, title):
    """A subtree only `group_name` may see, with one page about a fraudezaak."""
    group = Group.objects.create(name=group_name)
    closed = ContentPageFactory(parent=home_page, title=f"Zaken {group_name}", intro="Dicht.")
    ContentPageFactory(parent=closed, title=title, intro="Een fraudezaak.")
    restriction = PageViewRestriction.objects.create(
        page=closed, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return group


def test_who_may_see_other_pages_never_gets_the_rows_of_another(home_page):
    """Two visitors each hidden a different subtree ask the same question: statements of
    the same shape that differ only in the hidden paths, each with its own rows."""
    directie = _closed_to_all_but(home_page, "Directie", "Fraudezaak directie")
    audit = _closed_to_all_but(home_page, "Audit", "Fraudezaak audit")
    ContentPageFactory(parent=home_page, title="Fraudezaak melden", intro="Een fraudezaak.")
    director, auditor, colleague = Client(), Client(), Client()
    director.force_login(_user_in(roles.MEDEWERKER, directie.name, username="directeur"))
    auditor.force_login(_user_in(roles.MEDEWERKER, audit.name, username="auditor"))
    colleague.force_login(_user_in(roles.MEDEWERKER, username="collega"))

    # Each asks twice, in turns: every answer is the asker's own.
    for _round in range(2):
        assert _search(director, "fraudezaak")[0] == ["Fraudezaak directie", "Fraudezaak melden"]
        assert _search(auditor, "fraudezaak")[0] == ["Fraudezaak audit", "Fraudezaak melden"]
        assert _search(colleague, "fraudezaak")[0] == ["Fraudezaak melden"]


def test_in_redis_then_with_redis_hanging_and_gone_every_search_answers(
    employee_client, home_page, redis, caplog
):
    """A real Redis (its own process): a repeated question comes from it; frozen (SIGSTOP)
    and then stopped, every search asks the database and answers the same, never a 500."""
    ContentPageFactory(parent=home_page, title="Geschenken van leveranciers", intro="Geschenk.")
    found = ["Geschenken van leveranciers"]

    assert _search(employee_client, "geschenken")[0] == found
    titles, ranked = _search(employee_client, "geschenken")
    assert titles == found and not ranked, "asked again: from Redis"

    redis.send_signal(signal.SIGSTOP)  # accepts connections, never answers
    titles, ranked = _search(employee_client, "geschenken")
    assert titles == found and ranked
    redis.send_signal(signal.SIGCONT)
    redis.terminate()
    redis.wait(timeout=10)
    resilient_cache.reset()  # forget the hang: now the cache is refused outright
    titles, ranked = _search(employee_client, "geschenken")
    assert titles == found and ranked
    assert "Cache niet bereikbaar" in caplog.text


def test_turned_off_every_search_asks_the_database(employee_client, home_page, settings):
    settings.SEARCH_RESULT_CACHE_SECONDS = 0
    ContentPageFactory(parent=home_page, title="Geschenken van leveranciers", intro="Geschenk.")

    assert _search(employee_client, "geschenken")[1]
    assert _search(employee_client, "geschenken")[1]


def test_the_moment_of_expiry_is_the_next_whole_minute():
    """One moment for every search within a minute (so one statement), never before now: a
    page leaves the results up to a minute early, never late."""
    before = timezone.now()
    moment = expiry_moment()

    assert moment.second == moment.microsecond == 0
    assert before < moment <= before + datetime.timedelta(minutes=1)
    assert expiry_moment() == moment or expiry_moment() == moment + datetime.timedelta(minutes=1)
