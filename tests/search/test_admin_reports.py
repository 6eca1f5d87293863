"""The Redactie manages promoted results and sees popular and zero-result search terms."""

from wagtail.contrib.search_promotions.models import Query

import pytest

from search.models import ZeroResultQuery

pytestmark = pytest.mark.django_db


def test_redactie_sees_popular_and_zero_result_terms(client, redacteur):
    Query.get("nevenfuncties").add_hit()
    Query.get("nevenfuncties").add_hit()
    ZeroResultQuery.add_hit("Xyzzy")
    ZeroResultQuery.add_hit("xyzzy")
    client.force_login(redacteur)

    popular = client.get("/admin/zoektermen/")
    zero = client.get("/admin/zoektermen/zonder-resultaat/")

    assert popular.status_code == 200
    assert "nevenfuncties" in popular.content.decode()
    assert zero.status_code == 200
    content = zero.content.decode()
    assert "xyzzy" in content
    assert ZeroResultQuery.objects.get().hits == 2


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
