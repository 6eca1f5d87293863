"""The public relevance set over the demo content: recall@3 and mean reciprocal rank.

`pytest tests/search/test_relevance.py -s` prints the figures and every query that misses
its target. Runs on SQLite, and on PostgreSQL with DATABASE_URL.
"""

from django.contrib.auth import get_user_model
from django.test import RequestFactory

import pytest

from search.service import run_search
from tests.search.relevance import MIN_MRR, MIN_RECALL_AT_3, QUESTIONS, RELEVANCE, evaluate

SETS = {"terms (RELEVANCE)": RELEVANCE, "questions (QUESTIONS)": QUESTIONS}


def _search_titles(query: str) -> list[str]:
    request = RequestFactory().get("/zoeken/", {"q": query})
    request.user = get_user_model().objects.get(username="medewerker")
    request.session = {}
    outcome = run_search(request, query, page_size=10)
    return [hit.title for hit in outcome.page_obj.object_list]


def test_relevance_sets_are_large_enough_and_well_formed():
    assert len(RELEVANCE) >= 52
    assert len(QUESTIONS) >= 40
    queries = [query for query, _title, _k in RELEVANCE + QUESTIONS]
    assert len(set(queries)) == len(queries)
    assert all(k in (1, 3) for _query, _title, k in RELEVANCE + QUESTIONS)


def test_relevance_over_the_demo_content(demo, connection_vendor, capsys):
    reports = {name: evaluate(_search_titles, queries) for name, queries in SETS.items()}

    lines = []
    for name, report in reports.items():
        size = len(SETS[name])
        lines += [
            f"Relevance set {name} on {connection_vendor}: {size} queries",
            f"  recall@3 = {report.recall_at_3:.3f}  (minimum {MIN_RECALL_AT_3})",
            f"  MRR      = {report.mrr:.3f}  (minimum {MIN_MRR})",
            f"  within their own target (first / top 3): {report.on_target}/{size}",
            *[f"  miss: {line}" for line in report.misses],
        ]
    # Printed past pytest's output capture, so every CI log shows the figures.
    with capsys.disabled():
        print("\n" + "\n".join(lines))

    for report in reports.values():
        assert report.recall_at_3 >= MIN_RECALL_AT_3
        assert report.mrr >= MIN_MRR


@pytest.fixture
def connection_vendor():
    from django.db import connection

    return connection.vendor
