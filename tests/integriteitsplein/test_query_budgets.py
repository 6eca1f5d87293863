"""Pages cost a fixed, small number of SQL queries, however large the site (issue 13).

A page was 15–21 queries: the tree walked twice, permissions read twice, the menu and the
site settings on every page. Now routing reads the path in one query (routing.py), the
breadcrumbs reuse it, the menu and footer come from the cache (caching.py), sessions from
the cache (sessions.py), and a reader pays no permission query for Wagtail's user bar.
Each budget is checked on a small site and on one that is several times larger and deeper.
"""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest

from integriteitsplein.models import SiteSettings
from tests.kennisbank.factories import (
    ContentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    ThemePageFactory,
)

pytestmark = pytest.mark.django_db

CONTENT_PAGE_BUDGET = 8


def _queries(client, url):
    # What rendering costs: the page cache (ADR 0019) would answer these from its copy.
    with override_settings(PAGE_CACHE_ENABLED=False):
        # The menu and footer reach the cache, as after any first reader (twice: the first
        # visit creates the site settings, which empties the cache again).
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured]


def _grow(home_page, themes, pages_per_theme):
    for t in range(themes):
        theme = ThemePageFactory(parent=home_page, title=f"Onderwerp extra {t}")
        for n in range(pages_per_theme):
            ContentPageFactory(parent=theme, title=f"Pagina {t}-{n}", intro="Tekst.")


@pytest.fixture
def tree(home_page):
    theme = ThemePageFactory(parent=home_page, title="Onderwerp")
    page = ContentPageFactory(parent=theme, title="Geschenken", intro="Over geschenken.")
    deeper = ContentPageFactory(parent=page, title="Geschenken van leveranciers")
    policy = PolicyDocumentPageFactory(parent=theme, title="Regeling geschenken")
    for label, year in (("2016", 2016), ("2019", 2019), ("2024", 2024)):
        PolicyVersionFactory(page=policy, label=label, in_force_from=f"{year}-01-01")
    return {"page": page, "deeper": deeper, "policy": policy, "theme": theme}


@pytest.mark.parametrize("name", ["page", "deeper", "policy"])
def test_a_page_costs_the_same_small_number_of_queries_on_a_larger_site(
    employee_client, home_page, tree, name
):
    url = tree[name].url
    small = _queries(employee_client, url)
    _grow(home_page, themes=4, pages_per_theme=12)
    large = _queries(employee_client, url)

    print(f"\n{name}: {len(small)} queries, {len(large)} on a site with 48 pages more")
    assert len(small) <= CONTENT_PAGE_BUDGET
    assert len(large) == len(small)


def test_depth_does_not_add_queries(employee_client, tree):
    """Wagtail's routing costs two queries per level; here one query for the whole path."""
    assert len(_queries(employee_client, tree["deeper"].url)) == len(
        _queries(employee_client, tree["page"].url)
    )


def test_a_reader_pays_no_permission_query_and_sees_no_user_bar(employee_client, tree):
    queries = _queries(employee_client, tree["page"].url)
    response = employee_client.get(tree["page"].url)

    assert not [sql for sql in queries if "auth_permission" in sql]
    assert b"wagtail-userbar" not in response.content


def test_an_editor_sees_the_user_bar_with_one_permission_query(client, redacteur, tree):
    client.force_login(redacteur)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(tree["page"].url)

    assert b"wagtail-userbar" in response.content
    # Django's backend reads user and group permissions apart; here both at once.
    model_permissions = [
        q["sql"]
        for q in captured
        if '"auth_user_user_permissions"' in q["sql"] or '"auth_group_permissions"' in q["sql"]
    ]
    assert len(model_permissions) == 1


def test_breadcrumbs_and_menu_are_right_without_their_queries(employee_client, home_page, tree):
    response = employee_client.get(tree["deeper"].url)
    html = response.content.decode()

    trail = html[html.index('aria-label="Kruimelpad"') :]
    assert trail.index(">Home<") < trail.index(">Onderwerp<") < trail.index(">Geschenken<")
    assert 'aria-current="page">Geschenken van leveranciers' in trail
    menu = html[html.index('id="hoofdmenu"') :]
    assert f'href="{tree["theme"].url}" aria-current="true">Onderwerp<' in menu


def test_the_cached_menu_follows_publishing(employee_client, home_page, tree):
    employee_client.get(tree["page"].url)
    new_theme = ThemePageFactory(parent=home_page, title="Nieuw onderwerp")
    new_theme.save_revision().publish()
    assert "Nieuw onderwerp" in employee_client.get(tree["page"].url).content.decode()

    new_theme.unpublish()
    assert "Nieuw onderwerp" not in employee_client.get(tree["page"].url).content.decode()


def test_the_cached_footer_follows_the_site_settings(employee_client, home_page, tree):
    employee_client.get(tree["page"].url)
    settings = SiteSettings.for_site(home_page.get_site())
    settings.meldpunt_phone = "088 123 45 67"
    settings.save()

    assert "088 123 45 67" in employee_client.get(tree["page"].url).content.decode()


def test_routable_pages_still_answer_their_own_addresses(employee_client, home_page, tree):
    policy = tree["policy"]
    assert employee_client.get(f"{policy.url}versies/").status_code == 200
    assert employee_client.get(f"{policy.url}versies/2019/").status_code == 200
    news = NewsIndexPageFactory(parent=home_page, title="Nieuws")
    item = NewsPageFactory(parent=news, title="Eed afgelegd")
    assert employee_client.get(f"{news.url}rss/").status_code == 200
    assert employee_client.get(item.url).status_code == 200
    assert employee_client.get(f"{tree['page'].url}bestaat-niet/").status_code == 404
    assert employee_client.get("/bestaat-niet/").status_code == 404


def test_a_theme_lists_its_pages_a_page_at_a_time_at_the_same_cost(employee_client, home_page):
    from kennisbank.models.themes import LISTING_PER_PAGE

    theme = ThemePageFactory(parent=home_page, title="Groot onderwerp")
    for n in range(2 * LISTING_PER_PAGE + 3):
        ContentPageFactory(parent=theme, title=f"Pagina {n:03}")

    first = _queries(employee_client, theme.url)
    last = _queries(employee_client, f"{theme.url}?pagina=3")
    html_first = employee_client.get(theme.url).content.decode()
    html_last = employee_client.get(f"{theme.url}?pagina=3").content.decode()

    assert html_first.count('class="kb-card"') == LISTING_PER_PAGE
    assert "Pagina 000" in html_first and "Pagina 024" not in html_first
    assert html_last.count('class="kb-card"') == 3
    assert "Pagina 3 van 3" in html_last and 'rel="prev"' in html_last
    assert len(last) == len(first) <= 12


def test_the_news_index_costs_the_same_on_its_first_and_last_page(employee_client, home_page):
    news = NewsIndexPageFactory(parent=home_page, title="Nieuws")
    for n in range(25):
        NewsPageFactory(parent=news, title=f"Bericht {n}")

    first = _queries(employee_client, news.url)
    last = _queries(employee_client, f"{news.url}?pagina=3")

    assert len(last) == len(first) <= 12


# Rendered again (the page cache off): the user, the page by its path (2), Wagtail's view
# restriction check (2), the poll filled in for this reader (3); its tiles, news, sessions,
# signposts and chosen pages are kept per change of the site (HomePage.shared_lists). It was
# 14, those read on every render.
HOME_BUDGET = 8


def test_the_home_page_with_every_block_keeps_its_budget_on_a_larger_site(
    employee_client, home_page
):
    """Home shows tiles, the latest news, the agenda, a poll and links to chosen pages: one
    query per block, not per page type or per link, read once per change of the site, and
    no more with more pages."""
    from meedoen.models import WegwijzerPage
    from tests.agenda.factories import AgendaPageFactory, EventPageFactory
    from tests.meedoen.test_polls import make_poll

    theme = ThemePageFactory(parent=home_page, title="Onderwerp", show_in_menus=True)
    contact = ContentPageFactory(parent=theme, title="Met wie kan ik praten?")
    news = NewsIndexPageFactory(parent=home_page, title="Nieuws")
    NewsPageFactory(parent=news, title="Eerste bericht")
    agenda = AgendaPageFactory(parent=home_page, show_in_menus=True)
    EventPageFactory(parent=agenda, title="Lezing over geschenken")
    question = {
        "code": "start",
        "vraag": "Waarover?",
        "antwoorden": [{"tekst": "Dit", "naar": "start"}] * 2,
    }
    guide = WegwijzerPage(
        title="Waar meld ik wat?", slug="wegwijzer", stappen=[{"type": "vraag", "value": question}]
    )
    home_page.add_child(instance=guide)
    make_poll(counts=(3, 1, 0), home=True)
    home_page.report_page = theme
    home_page.contact_page = contact
    home_page.save()

    small = _queries(employee_client, "/")
    html = employee_client.get("/").content.decode()
    _grow(home_page, themes=4, pages_per_theme=12)
    ThemePageFactory(parent=home_page, title="Tweede onderwerp", show_in_menus=True)
    for n in range(6):
        NewsPageFactory(parent=news, title=f"Bericht {n}")
        EventPageFactory(parent=agenda, title=f"Bijeenkomst {n}")
    large = _queries(employee_client, "/")

    print(f"\nhome: {len(small)} queries, {len(large)} on a larger site")
    assert len(small) <= HOME_BUDGET, small
    assert len(large) == len(small)
    # Every block was there to be paid for.
    for shown in ("Onderwerp", "Eerste bericht", "Lezing over geschenken", "Waar meld ik wat?"):
        assert shown in html
    assert f'href="{theme.url}"' in html and f'href="{contact.url}"' in html
    assert f'href="{news.url}"' in html and f'href="{agenda.url}"' in html
    assert f'href="{guide.url}"' in html
    assert 'name="antwoord"' in html
