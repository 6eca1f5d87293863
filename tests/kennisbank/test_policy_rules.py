"""The rules that derive a version's status from its dates (pure functions and queries)."""

import datetime
from types import SimpleNamespace

import pytest

from kennisbank.constants import VersionStatus
from kennisbank.models import PolicyVersion
from kennisbank.models.policy import (
    announced_versions,
    compare_versions,
    diff_words,
    parse_date,
    version_in_force,
    version_status,
)
from tests.kennisbank.factories import PolicyDocumentPageFactory, PolicyVersionFactory, articles

D = datetime.date


def _v(label, adopted_on, in_force_from, pk):
    return SimpleNamespace(label=label, adopted_on=adopted_on, in_force_from=in_force_from, pk=pk)


V2016 = _v("2016", D(2016, 5, 10), D(2016, 7, 1), 1)
V2019 = _v("2019", D(2019, 2, 12), D(2019, 4, 1), 2)
V2025 = _v("herziening 2025", D(2026, 10, 6), D(2027, 1, 1), 3)
VERSIONS = [V2025, V2016, V2019]  # stored order does not matter, dates do
TODAY = D(2026, 11, 23)


def test_version_in_force_today_is_the_last_one_started():
    assert version_in_force(VERSIONS, TODAY) is V2019


def test_version_in_force_on_a_past_date():
    assert version_in_force(VERSIONS, D(2018, 3, 1)) is V2016
    assert version_in_force(VERSIONS, D(2019, 4, 1)) is V2019  # from its first day
    assert version_in_force(VERSIONS, D(2019, 3, 31)) is V2016  # not a day earlier


def test_no_version_in_force_before_the_first():
    assert version_in_force(VERSIONS, D(2016, 6, 30)) is None
    assert version_status(V2016, VERSIONS, D(2016, 6, 30)) == VersionStatus.ANNOUNCED
    assert version_status(V2016, VERSIONS, D(2016, 1, 1)) == VersionStatus.NOT_YET_ADOPTED


def test_statuses_today():
    assert version_status(V2016, VERSIONS, TODAY) == VersionStatus.SUPERSEDED
    assert version_status(V2019, VERSIONS, TODAY) == VersionStatus.IN_FORCE
    assert version_status(V2025, VERSIONS, TODAY) == VersionStatus.ANNOUNCED


def test_announced_version_takes_over_on_its_date():
    new_year = D(2027, 1, 1)
    assert version_in_force(VERSIONS, new_year) is V2025
    assert version_status(V2019, VERSIONS, new_year) == VersionStatus.SUPERSEDED
    assert announced_versions(VERSIONS, new_year) == []


def test_announced_means_adopted_but_not_yet_in_force():
    assert announced_versions(VERSIONS, TODAY) == [V2025]
    # Before the revision was adopted, nothing was announced.
    assert announced_versions(VERSIONS, D(2026, 10, 5)) == []


@pytest.mark.django_db
def test_queryset_gives_the_same_answers(home_page):
    page = PolicyDocumentPageFactory(parent=home_page)
    old = PolicyVersionFactory(
        page=page, label="2016", adopted_on=D(2016, 5, 10), in_force_from=D(2016, 7, 1)
    )
    current = PolicyVersionFactory(
        page=page, label="2019", adopted_on=D(2019, 2, 12), in_force_from=D(2019, 4, 1)
    )
    future = PolicyVersionFactory(
        page=page, label="2027", adopted_on=D(2026, 10, 6), in_force_from=D(2027, 1, 1)
    )
    versions = PolicyVersion.objects.filter(page=page)

    assert versions.in_force_on(TODAY) == current
    assert versions.in_force_on(D(2017, 1, 1)) == old
    assert versions.in_force_on(D(2015, 1, 1)) is None
    assert list(versions.announced_on(TODAY)) == [future]
    assert list(versions.superseded_on(TODAY)) == [old]
    assert page.version_on(TODAY) == current


def test_parse_date_accepts_only_real_iso_dates():
    assert parse_date("2022-03-01") == D(2022, 3, 1)
    for bad in ["", "2022-02-30", "01-03-2022", "gisteren", "2022-3-1", "2022-03-01x"]:
        assert parse_date(bad) is None


def test_diff_words_marks_insertions_and_deletions():
    segments = diff_words(
        "Je meldt een geschenk aan je leidinggevende.",
        "Je meldt elk geschenk direct aan je leidinggevende.",
    )
    assert segments == [
        ("equal", "Je meldt"),
        ("delete", "een"),
        ("insert", "elk"),
        ("equal", "geschenk"),
        ("insert", "direct"),
        ("equal", "aan je leidinggevende."),
    ]


def test_compare_versions_matches_articles_by_number():
    old = SimpleNamespace(articles=None)
    new = SimpleNamespace(articles=None)
    old_page = PolicyVersion(articles=articles(("1", "Gelijk."), ("2", "Oud."), ("3", "Weg.")))
    new_page = PolicyVersion(articles=articles(("1", "Gelijk."), ("2", "Nieuw."), ("4", "Erbij.")))
    old.articles, new.articles = old_page.articles, new_page.articles

    result = compare_versions(old, new)

    assert [(a.label, a.change) for a in result] == [
        ("Artikel 1", "unchanged"),
        ("Artikel 2", "changed"),
        ("Artikel 3", "removed"),
        ("Artikel 4", "added"),
    ]
    assert result[1].segments == [("delete", "Oud."), ("insert", "Nieuw.")]
