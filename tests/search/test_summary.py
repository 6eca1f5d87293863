"""A search with more matches than it shows is summed up in SQL (`_summary_outcome`, ADR 0027):
its results, order, counts and facets are those of the search over every match.

The limits are made small here so that a site of forty pages has "more matches than shown";
each outcome is compared with the same search with the summary switched off (every match
read and counted in Python, as before ADR 0027)."""

import datetime

from django.utils import timezone

from wagtail.models import Site

import pytest

from kennisbank.constants import LearningForm, PolicyKind
from search import service
from tests.conftest import SharedLoad
from tests.kennisbank.factories import (
    ContactPersonFactory,
    ContentPageFactory,
    ELearningPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PolicyDocumentPageFactory,
    PolicyVersionFactory,
    ThemePageFactory,
    articles,
)
from tests.search.factories import DocumentFactory

pytestmark = pytest.mark.django_db

PAGE_SIZE = 3


def _make_site():
    """Pages of several types under two themes and a section, news naming its theme, policy
    documents found in the version in force, an announced one or only an earlier one, an
    expired page, contact persons (one by role) and documents."""
    home_page = Site.objects.get(is_default_site=True).root_page.specific
    today = timezone.localdate()
    gifts = ThemePageFactory(parent=home_page, title="Onderwerp relaties")
    suppliers = ThemePageFactory(parent=home_page, title="Onderwerp inkoop")
    section = ContentPageFactory(parent=suppliers, title="Afspraken", intro="Over afspraken.")
    for n in range(14):
        # Different scores: the word once to five times, another word now and then.
        words = " ".join(["geschenk"] * (n % 5 + 1) + ["leverancier"] * (n % 3 == 0))
        parent = (gifts, suppliers, section)[n % 3]
        ContentPageFactory(parent=parent, title=f"Uitleg {n}", intro=f"Over {words}.")
    ContentPageFactory(parent=gifts, title="Geschenk aannemen", intro="Een geschenk aannemen.")
    ContentPageFactory(
        parent=gifts,
        title="Verlopen geschenk",
        intro="Geschenk geschenk geschenk.",
        expire_at=timezone.now() - datetime.timedelta(days=1),
    )
    for form in (LearningForm.ONLINE, LearningForm.KLASSIKAAL):
        ELearningPageFactory(parent=gifts, title=f"Training geschenk {form}", form=form)
    news = NewsIndexPageFactory(parent=home_page)
    for n, theme in enumerate((gifts, suppliers, None, gifts)):
        NewsPageFactory(parent=news, title=f"Nieuws {n}", intro="Geschenk " * (n + 1), theme=theme)

    def policy(title, *versions, kind=PolicyKind.REGELING):
        page = PolicyDocumentPageFactory(parent=gifts, title=title, kind=kind, summary="Regels.")
        for label, in_force_from, text in versions:
            PolicyVersionFactory(
                page=page,
                label=label,
                adopted_on=min(in_force_from, today) - datetime.timedelta(days=30),
                in_force_from=in_force_from,
                articles=articles(("1", text)),
            )
        page.save_revision().publish()
        return page

    old, new = datetime.date(2020, 1, 1), datetime.date(2024, 1, 1)
    coming = today + datetime.timedelta(days=30)
    policy("Regeling in werking", ("2020", old, "Geschenk."), ("2024", new, "Geschenk geschenk."))
    policy("Regeling vervallen", ("2020", old, "Een geschenk melden."), ("2024", new, "Niets."))
    policy(
        "Code komt eraan",
        ("2024", new, "Niets."),
        ("2027", coming, "Geschenk leverancier."),
        kind=PolicyKind.GEDRAGSCODE,
    )
    ContactPersonFactory(name="Geschenkenloket", introduction="Vragen over een geschenk.")
    ContactPersonFactory(name="Vera Vertrouwen")  # found by her role only
    DocumentFactory.pdf("Lijst geschenk leverancier", title="Geschenkenlijst")
    DocumentFactory.pdf("Geschenk", title="Formulier")
    return gifts, suppliers


# Every test here only searches: they share one site (SharedLoad: made once per run in an
# outer transaction, each test a savepoint rolled back), not 45 made one by one (3 s each on
# PostgreSQL). This module runs on one xdist worker (SHARED_WORKER in tests/conftest.py).
_shared_site = SharedLoad("summary_site", _make_site)
_site_made_once = _shared_site.session_fixture("_site_made_once")


@pytest.fixture
def summary_site(_site_made_once, db):
    """The two themes of the site; the site made here when the shared one is closed."""
    if not _site_made_once.open:
        return _make_site()
    return tuple(type(theme).objects.get(pk=theme.pk) for theme in _site_made_once.result)


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(service, "RERANK_DEPTH", 3)
    monkeypatch.setattr(service, "SUMMARY_MARGIN", 6)


@pytest.fixture
def summaries(monkeypatch):
    """How many searches the summary answered (not handed back to the full search)."""
    used = []
    original = service._summary_outcome

    def spy(*args, **kwargs):
        outcome = original(*args, **kwargs)
        used.append(outcome is not None)
        return outcome

    monkeypatch.setattr(service, "_summary_outcome", spy)
    return used


def _facts(outcome):
    return {
        "total": outcome.total,
        "capped": outcome.capped,
        "with_all_words": outcome.with_all_words,
        "page": (outcome.page_obj.number, outcome.page_obj.paginator.num_pages),
        "results": [
            (h.kind, h.pk, h.title, h.type_label, h.theme, h.version_status, h.url)
            for h in outcome.page_obj.object_list
        ],
        "types": [(f.key, f.label, f.count, f.selected) for f in outcome.type_facets],
        "themes": [(f.label, f.count, f.selected) for f in outcome.theme_facets],
    }


def _both(monkeypatch, request, query, **kwargs):
    summed = _facts(service.run_search(request, query, page_size=PAGE_SIZE, **kwargs))
    with monkeypatch.context() as patch:
        patch.setattr(service.Searcher, "summarize", lambda self, top, apart: None)
        full = _facts(service.run_search(request, query, page_size=PAGE_SIZE, **kwargs))
    return summed, full


@pytest.fixture
def request_(rf, medewerker):
    request = rf.get("/zoeken/")
    request.user, request.session = medewerker, {}
    return request


@pytest.mark.parametrize(
    "query", ["geschenk", "geschenk leverancier", "vertrouwenspersoon", "training leverancier"]
)
@pytest.mark.parametrize("page_number", [1, 2, 3, 99])
@pytest.mark.parametrize("superseded", [False, True])
def test_summed_up_search_equals_the_full_one(
    monkeypatch, request_, summary_site, small_limits, summaries, query, page_number, superseded
):
    summed, full = _both(
        monkeypatch, request_, query, page_number=page_number, include_superseded=superseded
    )
    assert summed == full


@pytest.mark.parametrize("type_filter", ["pagina", "regeling", "nieuws", "e-learning"])
def test_with_a_type_filter(
    monkeypatch, request_, summary_site, small_limits, summaries, type_filter
):
    summed, full = _both(monkeypatch, request_, "geschenk", type_filter=type_filter)
    assert summed == full


def test_with_a_theme_filter(monkeypatch, request_, summary_site, small_limits, summaries):
    gifts, suppliers = summary_site
    for theme in (gifts, suppliers):
        summed, full = _both(monkeypatch, request_, "geschenk", theme_filter=str(theme.pk))
        assert summed == full
    assert any(summaries)


def test_promoted_pages_are_left_out_and_not_counted(
    monkeypatch, request_, summary_site, small_limits, summaries
):
    from wagtail.models import Page

    promoted = {
        Page.objects.get(title="Uitleg 4").pk,  # counted per parent otherwise
        Page.objects.get(title="Regeling in werking").pk,
        Page.objects.get(title="Nieuws 3").pk,
    }
    for page_number in (1, 2):
        summed, full = _both(
            monkeypatch,
            request_,
            "geschenk",
            page_number=page_number,
            shown_apart=lambda query: promoted,
        )
        assert summed == full
        assert not {pk for _kind, pk, *_rest in summed["results"]} & promoted
    assert any(summaries)


def test_the_summary_is_used_and_reads_few_rows(
    monkeypatch, request_, summary_site, small_limits, summaries
):
    """The summed-up search really answers here (the tests above compare something), and
    it sums up: the plain pages come back as counts per type and parent, not one by one."""
    seen = {}
    original = service.Searcher.summarize

    def keep(self, top, apart):
        seen["summary"] = original(self, top, apart)
        return seen["summary"]

    monkeypatch.setattr(service.Searcher, "summarize", keep)
    outcome = service.run_search(request_, "geschenk", page_size=PAGE_SIZE)
    assert summaries == [True]
    summary = seen["summary"]
    assert len(summary["top"]) == 9  # max(RERANK_DEPTH, one page) + SUMMARY_MARGIN
    rows = len(summary["top"]) + len(summary["individual"]) + len(summary["groups"])
    assert rows < outcome.total
    assert {n for *_key, n in summary["groups"]} != {1}  # some groups of several pages


@pytest.mark.parametrize("query", ["geschenk leverancier", "uitleg nieuws", "training leverancier"])
def test_the_fallback_of_words_found_apart_is_summed_up_too(
    monkeypatch, request_, summary_site, small_limits, summaries, query
):
    """Fewer than a page of results have every word: the results with some of them are
    ranked (word rarity × share of the word's best score) and counted in SQL, in the
    same order and with the same counts as in Python."""
    seen = []
    original = service.Searcher.summarize_words

    def keep(self, top, apart, and_hits):
        seen.append(original(self, top, apart, and_hits))
        return seen[-1]

    monkeypatch.setattr(service.Searcher, "summarize_words", keep)
    for page_number in (1, 2):
        summed, full = _both(monkeypatch, request_, query, page_number=page_number)
        assert summed == full
        assert summed["with_all_words"] < service.PAGE_SIZE
    if query != "training leverancier":  # more results with some of the words than read
        assert seen and not seen[0]["complete"]
        assert summaries[0] is True
    else:  # all read: run_search takes them as they are
        assert seen and seen[0]["complete"]


@pytest.mark.parametrize("cap", [5, 12])
@pytest.mark.parametrize("query", ["geschenk", "geschenk leverancier", "uitleg nieuws"])
def test_a_capped_search_keeps_the_same_best_matches(
    monkeypatch, request_, summary_site, small_limits, query, cap
):
    """More matches than MAX_RESULTS: the summaries keep each word's best MAX_RESULTS
    matches in SQL (the fallback then joins each word apart, `each`), the same best ones
    as the ordered query of the full search."""
    monkeypatch.setattr(service, "MAX_RESULTS", cap)
    answered = []
    for name in ("summarize", "summarize_words"):
        original = getattr(service.Searcher, name)

        def keep(self, *args, _original=original, _name=name):
            summary = _original(self, *args)
            answered.append((_name, summary is not None))
            return summary

        monkeypatch.setattr(service.Searcher, name, keep)
    for page_number in (1, 2):
        summed, full = _both(monkeypatch, request_, query, page_number=page_number)
        assert summed == full
        assert summed["capped"] is True
    assert ("summarize", True) in answered
    if " " in query:  # fewer than a page with both words: the fallback is summed up too
        assert ("summarize_words", True) in answered
