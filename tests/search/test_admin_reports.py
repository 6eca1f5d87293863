"""The Redactie manages promoted results and sees popular and zero-result search terms;
a term searched once or twice shows nowhere in the admin, Wagtail's own views included."""

import datetime
import importlib
import io

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

import pytest

from search.models import SearchCount, ZeroResultQuery
from search.statistics import MIN_SEARCHES, record_search
from tests.kennisbank.factories import ContentPageFactory

pytestmark = pytest.mark.django_db

ONE_OFF = "jan de vries fraude 1"
POPULAR = "nevenfuncties"

# Every admin view that lists search terms, and who may open it.
TERM_VIEWS = [
    ("/admin/zoektermen/", "redacteur"),
    ("/admin/zoektermen/resultaten/", "redacteur"),
    ("/admin/zoektermen/zonder-resultaat/", "redacteur"),
    ("/admin/zoektermen/zonder-resultaat/resultaten/", "redacteur"),
    # Wagtail's own: "Kies uit populaire zoektermen" when adding a promoted result ...
    ("/admin/searchpicks/queries/chooser/", "redacteur"),
    ("/admin/searchpicks/queries/chooser/results/", "redacteur"),
    ("/admin/searchpicks/queries/chooser/?q=fraude", "redacteur"),
    # ... and Reports -> "Zoektermen", for superusers.
    ("/admin/searchpicks/reports/search-terms/", "superuser"),
    ("/admin/searchpicks/reports/search-terms/results/", "superuser"),
]


@pytest.fixture
def searched(client, medewerker, home_page):
    """A one-off search naming a colleague, and a term searched often enough to show."""
    ContentPageFactory(parent=home_page, title="Nevenfuncties", intro="Meld je nevenfunctie.")
    client.force_login(medewerker)
    client.get("/zoeken/", {"q": ONE_OFF})
    for _ in range(MIN_SEARCHES):
        client.get("/zoeken/", {"q": "Nevenfuncties"})
    client.logout()


@pytest.mark.parametrize(("url", "user"), TERM_VIEWS)
def test_a_term_searched_once_is_in_no_admin_view(client, request, searched, url, user):
    client.force_login(request.getfixturevalue(user))

    response = client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "vries" not in content
    if "zonder-resultaat" not in url and "?q=" not in url:
        assert POPULAR in content  # the view does list terms


def test_wagtail_holds_a_term_only_from_its_third_search(client, medewerker, home_page):
    client.force_login(medewerker)
    for expected_hits in (None, None, 3, 4):
        client.get("/zoeken/", {"q": "fraude jansen"})
        query = Query.objects.filter(query_string="fraude jansen").first()
        assert (query.hits if query else None) == expected_hits
    assert SearchCount.objects.get(query_string="fraude jansen").hits == 4


def test_wagtails_daily_count_is_for_the_same_day_as_ours_just_after_midnight(
    client, medewerker, home_page, monkeypatch
):
    """At 00:30 in Amsterdam it is still yesterday in UTC. Wagtail's add_hit dates a hit by
    UTC, our counts by the local day: the fourth search made a second row for yesterday."""
    # 23:30 UTC on 1 December is 00:30 on 2 December in Amsterdam.
    just_after_midnight = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: just_after_midnight)
    client.force_login(medewerker)
    for _ in range(MIN_SEARCHES + 2):
        client.get("/zoeken/", {"q": "fraude jansen"})

    days = QueryDailyHits.objects.filter(query__query_string="fraude jansen")
    assert list(days.values_list("date", "hits")) == [(datetime.date(2026, 12, 2), 5)]


def test_redactie_sees_popular_and_zero_result_terms(client, redacteur):
    for _ in range(3):
        record_search("nevenfuncties", found=True)
    for typed in ("Xyzzy", "xyzzy", "XYZZY"):
        record_search(typed, found=False)
    client.force_login(redacteur)

    popular = client.get("/admin/zoektermen/")
    zero = client.get("/admin/zoektermen/zonder-resultaat/")

    assert popular.status_code == 200
    assert "nevenfuncties" in popular.content.decode()
    assert zero.status_code == 200
    assert "xyzzy" in zero.content.decode()
    assert ZeroResultQuery.objects.get().hits == 3


def test_counts_older_than_the_reports_are_removed(db):
    old = timezone.localdate() - datetime.timedelta(days=120)
    for _ in range(3):
        record_search("nieuwe zoekterm", found=True)
    Query.get("oude zoekterm").add_hit(date=old)
    SearchCount.objects.create(query_string="oude zoekterm", date=old, hits=5)
    ZeroResultQuery.objects.create(query_string="oud", date=old, hits=4)
    ZeroResultQuery.add_hit("nieuw")

    call_command("zoektermen_opschonen", stdout=io.StringIO())

    assert list(QueryDailyHits.objects.values_list("query__query_string", flat=True)) == [
        "nieuwe zoekterm"
    ]
    assert not Query.objects.filter(query_string="oude zoekterm").exists()
    assert list(SearchCount.objects.values_list("query_string", flat=True)) == ["nieuwe zoekterm"]
    assert list(ZeroResultQuery.objects.values_list("query_string", flat=True)) == ["nieuw"]


def test_a_term_whose_recent_count_falls_below_the_threshold_leaves_wagtail(db):
    """Searched twice long ago and once today: three in all, but one in the period."""
    long_ago = timezone.localdate() - datetime.timedelta(days=100)
    SearchCount.objects.create(query_string="fraude jansen", date=long_ago, hits=2)
    query = Query.get("fraude jansen")
    query.add_hit(date=long_ago)
    query.add_hit()

    call_command("zoektermen_opschonen", stdout=io.StringIO())

    assert not Query.objects.filter(query_string="fraude jansen").exists()


def test_migration_moves_wagtails_counts_and_drops_one_off_terms(db):
    migration = importlib.import_module("search.migrations.0002_searchcount")
    Query.get("fraude jansen").add_hit()
    popular = Query.get("geschenken")
    for _ in range(3):
        popular.add_hit()

    migration.move_counts(apps, None)

    assert dict(SearchCount.objects.values_list("query_string", "hits")) == {
        "fraude jansen": 1,
        "geschenken": 3,
    }
    assert list(Query.objects.values_list("query_string", flat=True)) == ["geschenken"]


@pytest.mark.parametrize("user", ["redacteur", "coordinator"])
def test_editors_may_manage_promotions(client, request, user):
    account = request.getfixturevalue(user)
    assert account.has_perm("wagtailsearchpromotions.add_searchpromotion")
    client.force_login(account)
    assert client.get("/admin/searchpicks/add/").status_code == 200


def test_employee_sees_no_reports(client, medewerker):
    client.force_login(medewerker)
    response = client.get("/admin/zoektermen/zonder-resultaat/")
    assert response.status_code in (302, 403)
    assert not medewerker.has_perm("search.view_zeroresultquery")
