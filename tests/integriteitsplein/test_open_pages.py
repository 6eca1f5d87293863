"""Pages Redactie opened for readers without an account (external reporters)."""

import pytest

from tests.kennisbank.factories import (
    ContentPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
)

pytestmark = pytest.mark.django_db


def _publish(page):
    page.save_revision().publish()
    return page


def test_an_open_page_and_its_own_addresses_need_no_login(client, home_page):
    privacy = _publish(
        ContentPageFactory(parent=home_page, slug="privacy", open_without_login=True)
    )
    regeling = PolicyDocumentPageFactory(
        parent=home_page, slug="regeling-melden", open_without_login=True
    )
    PolicyVersionFactory(page=regeling, label="2021")
    _publish(regeling)

    assert client.get(privacy.url).status_code == 200
    assert client.get(regeling.url).status_code == 200
    assert client.get(f"{regeling.url}versies/2021/").status_code == 200


def test_the_rest_of_the_intranet_stays_closed(client, home_page):
    open_page = _publish(ContentPageFactory(parent=home_page, open_without_login=True))
    closed_child = _publish(ContentPageFactory(parent=open_page, slug="intern"))
    closed_sibling = _publish(ContentPageFactory(parent=home_page, slug="ook-intern"))

    for page in (home_page, closed_child, closed_sibling):
        response = client.get(page.url)
        assert response.status_code == 302, page.url
        assert response["Location"].startswith("/inloggen/")
    assert client.post(open_page.url).status_code == 302, "only reading is open"


def test_a_draft_of_an_open_page_is_not_served(client, home_page):
    page = ContentPageFactory(parent=home_page, slug="concept", open_without_login=True)
    page.unpublish()

    assert client.get("/concept/").status_code == 302


def test_an_open_page_offers_the_login(client, home_page):
    page = _publish(ContentPageFactory(parent=home_page, open_without_login=True))

    body = client.get(page.url).content.decode()

    assert f'href="/inloggen/?next={page.url}"' in body
    assert "Uitloggen" not in body
