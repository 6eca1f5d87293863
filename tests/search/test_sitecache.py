"""What a search reads once per change of the site (integriteitsplein/sitememo.py, under the page
cache's generation) is never stale."""

import datetime
from unittest import mock

from wagtail.models import PageViewRestriction

import pytest

from integriteitsplein import pagecache, sitememo
from kennisbank.constants import PolicyKind
from tests.kennisbank.factories import (
    ContentPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    ThemePageFactory,
    articles,
)

pytestmark = pytest.mark.django_db


def _json(client, query, **params):
    return client.get("/zoeken/", {"q": query, "format": "json", **params}).json()


def _themes(client, query):
    return {f["label"] for f in _json(client, query)["filters"]["onderwerp"]}


def test_a_new_theme_shows_in_the_next_search(employee_client, home_page):
    first = ThemePageFactory(parent=home_page, title="Geschenken")
    ContentPageFactory(parent=first, title="Geschenk melden")
    assert _themes(employee_client, "geschenk") == {"Geschenken"}

    second = ThemePageFactory(parent=home_page, title="Relatiegeschenken")
    ContentPageFactory(parent=second, title="Geschenk van een leverancier")

    assert _themes(employee_client, "geschenk") == {"Geschenken", "Relatiegeschenken"}


def test_a_new_view_restriction_hides_its_pages_in_the_next_search(employee_client, home_page):
    theme = ThemePageFactory(parent=home_page, title="Voor leidinggevenden")
    ContentPageFactory(parent=theme, title="Geschenk weigeren")
    assert _json(employee_client, "geschenk")["count"] == 1

    restriction = PageViewRestriction.objects.create(
        page=theme, restriction_type=PageViewRestriction.GROUPS
    )  # no group: nobody but a superuser passes

    assert _json(employee_client, "geschenk")["count"] == 0
    restriction.delete()
    assert _json(employee_client, "geschenk")["count"] == 1


def test_without_the_cache_every_search_reads_the_database(employee_client, home_page):
    theme = ThemePageFactory(parent=home_page, title="Geschenken")
    ContentPageFactory(parent=theme, title="Geschenk melden")
    # The cache is down: no generation.
    with mock.patch.object(pagecache, "current_generation", return_value=None):
        assert _themes(employee_client, "geschenk") == {"Geschenken"}
        later = ThemePageFactory(parent=home_page, title="Later")
        ContentPageFactory(parent=later, title="Geschenk terugsturen")
        assert _themes(employee_client, "geschenk") == {"Geschenken", "Later"}


def test_a_changed_version_text_is_analysed_again(employee_client, home_page):
    """A version's terms are kept per digest of its text: an edit without a new revision
    (a data fix, a command) is still seen by the next search. Which version a result is
    about comes from those terms, so stale terms would show the wrong version."""
    code = PolicyDocumentPageFactory(parent=home_page, title="Regeling", kind=PolicyKind.REGELING)
    PolicyVersionFactory(
        page=code,
        label="2016",
        adopted_on=datetime.date(2016, 1, 5),
        in_force_from=datetime.date(2016, 2, 1),
        articles=articles(("1", "Meld elk cadeau.")),
    )
    current = PolicyVersionFactory(
        page=code,
        label="2020",
        adopted_on=datetime.date(2020, 1, 5),
        in_force_from=datetime.date(2020, 2, 1),
        articles=articles(("1", "Meld elke nevenfunctie.")),
    )
    code.save()  # the index, as publishing would
    # Only the earlier version speaks of a cadeau: left out unless earlier versions are asked.
    assert _json(employee_client, "cadeau")["results"] == []
    earlier = _json(employee_client, "cadeau", vervallen="1")["results"]
    assert [(r["title"], r["version"]) for r in earlier] == [("Regeling", "2016")]

    current.articles = articles(("1", "Meld elk cadeau en elke nevenfunctie."))
    current.save()
    code.save()

    # Now the version in force speaks of it: the result is the page as it stands.
    now = _json(employee_client, "cadeau")["results"]
    assert [(r["title"], r["version"]) for r in now] == [("Regeling", None)]


def test_searching_does_not_change_the_site_generation(employee_client, home_page):
    """A search counts its term (search/statistics.py, Wagtail's Query): that must not
    count as a change of the site, or every search would read everything again."""
    from search.statistics import MIN_SEARCHES

    ContentPageFactory(parent=home_page, title="Geschenk melden")
    for _ in range(MIN_SEARCHES + 1):
        employee_client.get("/zoeken/", {"q": "geschenk"})
    before = pagecache.current_generation()
    employee_client.get("/zoeken/", {"q": "geschenk"})
    assert pagecache.current_generation() == before


def test_a_promotion_added_changed_or_removed_shows_in_the_next_search(employee_client, home_page):
    """The Redactie's promotions are read once per generation: saving or deleting one (and
    unpublishing its page) is a change of the site."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    target = ContentPageFactory(parent=home_page, title="Iets melden", intro="Zo meld je iets.")
    ContentPageFactory(parent=home_page, title="Melden bij het meldpunt")

    def tips():
        response = employee_client.get("/zoeken/", {"q": "melden"})
        return [p["title"] for p in response.context["promotions"]]

    assert tips() == []
    pick = SearchPromotion.objects.create(query=Query.get("melden"), page=target)
    assert tips() == ["Iets melden"]
    pick.page, pick.external_link_url, pick.external_link_text = None, "https://x.nl", "Extern"
    pick.save()
    assert tips() == ["Extern"]
    pick.delete()
    assert tips() == []
    SearchPromotion.objects.create(query=Query.get("melden"), page=target)
    assert tips() == ["Iets melden"]
    target.unpublish()
    assert tips() == []


def _corrected(client, query):
    return _json(client, query)["corrected_query"]


def test_a_new_title_is_a_known_word_for_corrections_in_the_next_search(employee_client, home_page):
    """The words a correction may use are kept per generation: a new page's title counts
    from the next search on."""
    ContentPageFactory(parent=home_page, title="Geschenk melden")
    assert _corrected(employee_client, "reorganisatieplanen") == ""

    ContentPageFactory(parent=home_page, title="Reorganisatieplannen")

    assert _corrected(employee_client, "reorganisatieplanen") == "reorganisatieplannen"


def test_the_known_words_of_one_who_sees_more_never_reach_one_who_sees_less(
    client, employee_client, home_page, django_user_model
):
    """The vocabulary is kept per set of subtrees hidden from the visitor: a member of the
    Directie searching first must not lend the employee the word of a page only they see."""
    from django.contrib.auth.models import Group

    directie = Group.objects.create(name="Directie")
    # The word is in an open page's text, but only a hidden page has it in its title.
    ContentPageFactory(parent=home_page, title="Nieuws", intro="Over de reorganisatieplannen.")
    hidden = ContentPageFactory(parent=home_page, title="Reorganisatieplannen")
    restriction = PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(directie)
    member = django_user_model.objects.create_user("directeur", password="x")
    member.groups.add(directie)
    member_client = type(client)()
    member_client.force_login(member)

    assert _corrected(member_client, "reorganisatieplanen") == "reorganisatieplannen"
    assert _corrected(employee_client, "reorganisatieplanen") == ""
    assert _corrected(member_client, "reorganisatieplanen") == "reorganisatieplannen"


def _page_reads(client, query):
    """The snippets of a search, and how many of its queries read content pages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        results = _json(client, query)["results"]
    reads = sum('FROM "kennisbank_contentpage"' in q["sql"] for q in captured)
    return [r["snippet"] for r in results], reads


def test_the_pages_of_results_are_read_once_per_change(employee_client, home_page):
    """The pages shown as results (as their own type, with their text) are kept per
    process for the generation: a search again reads none; an edit published is a
    change, so the next search shows the new text."""
    page = ContentPageFactory(parent=home_page, title="Geschenk", intro="Een geschenk melden.")
    first, reads = _page_reads(employee_client, "geschenk")
    assert reads == 1 and "melden" in first[0]

    again, reads = _page_reads(employee_client, "geschenk")
    assert (again, reads) == (first, 0)

    page.intro = "Een geschenk weigeren."
    page.save_revision().publish()
    changed, reads = _page_reads(employee_client, "geschenk")
    assert reads == 1 and "weigeren" in changed[0] and "melden" not in changed[0]


def test_without_the_cache_no_page_of_results_is_kept(employee_client, home_page):
    from search import service

    ContentPageFactory(parent=home_page, title="Geschenk", intro="Een geschenk melden.")
    sitememo.forget(service.RESULT_PAGES)
    with mock.patch.object(pagecache, "current_generation", return_value=None):
        assert _page_reads(employee_client, "geschenk")[1] == 1
        assert _page_reads(employee_client, "geschenk")[1] == 1
    assert not sitememo.kept(service.RESULT_PAGES)


def test_the_pages_of_results_kept_are_bounded(employee_client, home_page, monkeypatch):
    from search import service

    monkeypatch.setattr(service, "RESULT_PAGES_KEPT", 2)
    for n in range(5):
        ContentPageFactory(parent=home_page, title=f"Geschenk {n}", intro="Over een geschenk.")
    assert len(_json(employee_client, "geschenk")["results"]) == 5
    assert len(sitememo.kept(service.RESULT_PAGES)) == 2
