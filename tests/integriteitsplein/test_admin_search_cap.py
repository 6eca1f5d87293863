"""Every admin search caps its query like the public search (MAX_QUERY_STRING_LENGTH)."""

from wagtail.search.utils import MAX_QUERY_STRING_LENGTH

import pytest

from integriteitsplein.middleware import AdminSearchCapMiddleware

pytestmark = pytest.mark.django_db

LONG = " ".join(f"integriteit{n}" for n in range(150))  # 150 words, ~2,000 characters
SEARCHES = [
    "/admin/pages/search/",
    "/admin/documents/",
    "/admin/images/",
    "/admin/snippets/kennisbank/contactperson/",
    "/admin/users/",
    "/admin/meldkanaal/melding/",
]


@pytest.mark.parametrize("url", SEARCHES)
def test_a_150_word_admin_search_answers_without_an_error(client, superuser, url):
    client.force_login(superuser)

    response = client.get(url, {"q": LONG})

    assert response.status_code in (200, 302, 403), response.status_code


def test_the_query_reaching_the_view_is_capped(rf):
    seen = {}

    def view(request):
        seen["q"] = request.GET["q"]
        seen["other"] = request.GET["p"]
        return None

    request = rf.get("/admin/pages/search/", {"q": LONG + "\x00", "p": "2"})
    AdminSearchCapMiddleware(view)(request)

    assert len(seen["q"]) == MAX_QUERY_STRING_LENGTH
    assert LONG.startswith(seen["q"])
    assert seen["other"] == "2"


def test_the_public_site_is_left_to_its_own_cap(rf):
    seen = {}

    def view(request):
        seen["q"] = request.GET["q"]

    AdminSearchCapMiddleware(view)(rf.get("/zoeken/", {"q": LONG}))

    assert seen["q"] == LONG
