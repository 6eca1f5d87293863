"""The Redactie manages promoted results and sees popular and zero-result search terms."""

from wagtail.contrib.search_promotions.models import Query

import pytest

from search.models import ZeroResultQuery

pytestmark = pytest.mark.django_db


def test_redactie_sees_popular_and_zero_result_terms(client, redacteur):
    for _ in range(3):
        Query.get("nevenfuncties").add_hit()
    ZeroResultQuery.add_hit("Xyzzy")
    ZeroResultQuery.add_hit("xyzzy")
    ZeroResultQuery.add_hit("XYZZY")
    client.force_login(redacteur)

    popular = client.get("/admin/zoektermen/")
    zero = client.get("/admin/zoektermen/zonder-resultaat/")

    assert popular.status_code == 200
    assert "nevenfuncties" in popular.content.decode()
    assert zero.status_code == 200
    content = zero.content.decode()
    assert "xyzzy" in content
    assert ZeroResultQuery.objects.get().hits == 3


def test_a_term_searched_once_or_twice_is_not_shown(client, redacteur):
    """A search term may name a colleague ("fraude jansen"): rare terms stay out of sight."""
    for term in ("fraude jansen", "fraude jansen", "nevenfuncties", "nevenfuncties"):
        Query.get(term).add_hit()
        ZeroResultQuery.add_hit(term)
    Query.get("nevenfuncties").add_hit()
    ZeroResultQuery.add_hit("nevenfuncties")
    client.force_login(redacteur)

    for url in ("/admin/zoektermen/", "/admin/zoektermen/zonder-resultaat/"):
        content = client.get(url).content.decode()
        assert "nevenfuncties" in content
        assert "jansen" not in content


def test_counts_older_than_the_reports_are_removed(db):
    import datetime
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from wagtail.contrib.search_promotions.models import QueryDailyHits

    old = timezone.localdate() - datetime.timedelta(days=120)
    Query.get("oude zoekterm").add_hit(date=old)
    Query.get("nieuwe zoekterm").add_hit()
    ZeroResultQuery.objects.create(query_string="oud", date=old, hits=4)
    ZeroResultQuery.add_hit("nieuw")

    call_command("zoektermen_opschonen", stdout=io.StringIO())

    assert list(QueryDailyHits.objects.values_list("query__query_string", flat=True)) == [
        "nieuwe zoekterm"
    ]
    assert not Query.objects.filter(query_string="oude zoekterm").exists()
    assert list(ZeroResultQuery.objects.values_list("query_string", flat=True)) == ["nieuw"]


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
