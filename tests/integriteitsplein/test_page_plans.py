"""The home page's lists are read along an index on PostgreSQL, not by reading every row.

At 10,000 pages (bench/), the three newest news items cost 10 ms (every news item joined
and sorted) and the plein's tiles 3 ms (every page read: Wagtail's `depth = n AND path
BETWEEN …` has only the path index, and the home page's range holds every page). Read
with sequential scans off (tests/plans.py): whether an index path exists at all.
"""

from django.db import connection

import pytest

from kennisbank.models import NewsPage
from tests.kennisbank.factories import NewsIndexPageFactory, NewsPageFactory, ThemePageFactory
from tests.plans import explain

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan"),
]


def _plan(queryset) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailcore_page")
        cursor.execute("ANALYZE kennisbank_newspage")
    return explain(*queryset.query.sql_with_params())


def test_the_newest_news_is_read_along_the_date_index(home_page):
    news_index = NewsIndexPageFactory(parent=home_page)
    for day in range(1, 13):
        NewsPageFactory(parent=news_index, date=f"2026-11-{day:02d}")

    # The query of HomePage.get_latest_updates (which returns its rows, not the query).
    nodes = _plan(NewsPage.objects.for_everyone().defer_streamfields()[:3])

    assert "kennisbank_news_date" in {node.get("Index Name") for node in nodes}
    # No sort of every news item: at most the few of the newest date are sorted further.
    assert not [n for n in nodes if n["Node Type"] == "Sort"], [n["Node Type"] for n in nodes]


def test_the_tiles_of_the_plein_are_one_range_of_the_depth_path_index(home_page):
    for number in range(6):
        theme = ThemePageFactory(parent=home_page, title=f"Onderwerp {number}", show_in_menus=True)
        for child in range(3):
            NewsIndexPageFactory(parent=theme, title=f"Nieuws {number}.{child}")

    nodes = _plan(home_page.get_themes())

    # An index scan or a bitmap of it, as the statistics make cheaper; not the path index,
    # whose range for home is every page.
    indexes = {n["Index Name"]: n for n in nodes if "Index Name" in n}
    assert "integriteitsplein_page_depth_path" in indexes, list(indexes)
    assert "depth = 3" in indexes["integriteitsplein_page_depth_path"]["Index Cond"]
    assert "wagtailcore_page_path_key" not in indexes
