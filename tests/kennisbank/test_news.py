"""News: newest first, paginated, an RSS feed, and the latest three on the home page."""

import datetime
import email.utils
import xml.etree.ElementTree as ET

from django.test import override_settings

from wagtail.models import PageViewRestriction

import pytest

from tests.kennisbank.factories import NewsIndexPageFactory, NewsPageFactory


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page, title="Nieuws", slug="nieuws")


def _add_news(index, count):
    return [
        NewsPageFactory(
            parent=index,
            title=f"Bericht {n}",
            slug=f"bericht-{n}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            intro=f"Samenvatting van bericht {n}.",
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_news_index_is_newest_first_and_paginated(employee_client, news_index):
    _add_news(news_index, 12)

    first = employee_client.get("/nieuws/").content.decode()
    second = employee_client.get("/nieuws/?pagina=2").content.decode()

    assert first.index("Bericht 11") < first.index("Bericht 10")
    assert "Bericht 2<" in first and "Bericht 1<" not in first
    assert "Bericht 1<" in second and "Bericht 0<" in second
    assert "Pagina 2 van 2" in second


@pytest.mark.django_db
def test_news_index_survives_a_bad_page_number(employee_client, news_index):
    _add_news(news_index, 2)

    response = employee_client.get("/nieuws/?pagina=abc")

    assert response.status_code == 200
    assert "Bericht 1" in response.content.decode()


@pytest.mark.django_db
def test_unpublished_news_is_not_listed(employee_client, news_index):
    draft = _add_news(news_index, 1)[0]
    draft.unpublish()

    assert "Bericht 0" not in employee_client.get("/nieuws/").content.decode()


@pytest.mark.django_db
def test_rss_feed_lists_news_items(employee_client, news_index):
    _add_news(news_index, 3)

    response = employee_client.get("/nieuws/rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Bericht 2", "Bericht 1", "Bericht 0"]
    assert items[0].findtext("link") == "http://testserver/nieuws/bericht-2/"
    assert items[0].findtext("description") == "Samenvatting van bericht 2."


@pytest.mark.django_db
def test_news_index_links_to_its_feed(employee_client, news_index):
    html = employee_client.get("/nieuws/").content.decode()

    assert 'type="application/rss+xml"' in html
    assert 'href="/nieuws/rss/"' in html


@pytest.mark.django_db
def test_news_page_renders(employee_client, news_index):
    _add_news(news_index, 1)

    response = employee_client.get("/nieuws/bericht-0/")

    assert response.status_code == 200
    assert "1 januari 2026" in response.content.decode()


@pytest.mark.django_db
def test_home_page_shows_the_three_newest(employee_client, news_index, home_page):
    _add_news(news_index, 5)

    latest = home_page.get_latest_updates()
    html = employee_client.get("/").content.decode()

    assert [p.title for p in latest] == ["Bericht 4", "Bericht 3", "Bericht 2"]
    assert "Laatste nieuws" in html
    assert "Samenvatting van bericht 4." in html
    assert "Bericht 1" not in html


@pytest.mark.django_db
def test_restricted_and_draft_news_stay_out_of_lists_feed_and_home(
    employee_client, news_index, home_page
):
    _public, restricted, draft = _add_news(news_index, 3)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    draft.unpublish()

    listing = employee_client.get("/nieuws/").content.decode()
    feed = employee_client.get("/nieuws/rss/").content.decode()
    home = employee_client.get("/").content.decode()

    for html in (listing, feed, home):
        assert "Samenvatting van bericht 0." in html
        assert "Samenvatting van bericht 1." not in html  # restricted
        assert "Samenvatting van bericht 2." not in html  # not live


@pytest.mark.django_db
def test_news_restricted_after_readers_saw_it_leaves_every_list_at_once(
    employee_client, news_index, home_page
):
    """The lists read the view restrictions once per change of the site
    (integriteitsplein/restrictions.py): a new restriction is such a change."""
    _shown, restricted = _add_news(news_index, 2)
    addresses = ("/nieuws/", "/nieuws/rss/", "/")
    with override_settings(PAGE_CACHE_ENABLED=False):  # the lists themselves, rendered
        for address in addresses:
            assert "Samenvatting van bericht 1." in employee_client.get(address).content.decode()

        PageViewRestriction.objects.create(
            page=restricted, restriction_type=PageViewRestriction.GROUPS
        )

        for address in addresses:
            html = employee_client.get(address).content.decode()
            assert "Samenvatting van bericht 0." in html
            assert "Samenvatting van bericht 1." not in html, address


@pytest.mark.django_db
def test_rss_feed_is_valid_rss_2_in_dutch(employee_client, news_index):
    _add_news(news_index, 2)

    root = ET.fromstring(employee_client.get("/nieuws/rss/").content)  # noqa: S314 - our own feed

    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    assert channel.findtext("language") == "nl"
    assert channel.findtext("title") == "Nieuws – Integriteitsplein"
    for item in channel.findall("item"):
        assert item.findtext("guid") == item.findtext("link")
        # RFC 822 dates, as RSS 2.0 requires: "Fri, 02 Jan 2026 09:00:00 +0100"
        parsed = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
        assert parsed.hour == 9 and parsed.tzinfo is not None


@pytest.mark.django_db
def test_news_pages_out_of_range_show_the_last_page(employee_client, news_index):
    _add_news(news_index, 12)

    for number in ("99", "0", "-1"):
        response = employee_client.get("/nieuws/", {"pagina": number})
        assert response.status_code == 200
        assert "Pagina 2 van 2" in response.content.decode()
