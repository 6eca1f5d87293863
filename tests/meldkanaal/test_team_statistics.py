"""Meldingen in cijfers: one year at a time (this year unless chosen), also as CSV, and
nothing hidden can be worked back from what is shown."""

import itertools

from django.utils import timezone

import pytest

from meldkanaal import services
from meldkanaal.constants import Soort
from meldkanaal.models import Melding
from tests.meldkanaal.factories import CANARY, make_report

pytestmark = pytest.mark.django_db

URL = "/admin/meldkanaal/statistiek/"


@pytest.fixture
def two_years():
    """Seven reports this year, two last year."""
    this_year = timezone.localdate().year
    for _ in range(7):
        make_report()
    for _ in range(2):
        melding, _ = make_report(soort=Soort.ONDERMIJNING)
        Melding.objects.filter(pk=melding.pk).update(jaar=this_year - 1)
    return this_year


def test_counts_are_of_one_year(two_years):
    assert services.statistics_years() == [two_years, two_years - 1]
    assert services.statistics()["Totaal"] == [(f"Alle meldingen van {two_years}", "7")]
    assert services.statistics(two_years)["Soort"] == [("Zakelijke integriteit", "7")]
    last_year = services.statistics(two_years - 1)
    assert last_year["Soort"] == [("Ondermijning", "<5")]  # still masked
    assert last_year["Totaal"] == [(f"Alle meldingen van {two_years - 1}", "<5")]


def test_page_defaults_to_this_year_and_offers_the_others(client, coordinator, two_years):
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert f'<option value="{two_years}" selected>' in html
    assert f'<option value="{two_years - 1}">' in html
    assert f"?jaar={two_years}" in html
    assert 'class="meldkanaal-getal">7<' in html  # numbers in their own, right-aligned column

    html = client.get(URL, {"jaar": two_years - 1}).content.decode()
    assert "Ondermijning" in html and "Zakelijke integriteit" not in html


def test_csv_is_of_the_chosen_year(client, coordinator, two_years):
    client.force_login(coordinator)
    response = client.get(f"{URL}csv/", {"jaar": two_years - 1})
    assert response.status_code == 200
    assert f"meldingen-in-cijfers-{two_years - 1}.csv" in response["Content-Disposition"]
    body = response.content.decode()
    assert f"{two_years - 1};Soort;Ondermijning;<5" in body
    assert "Zakelijke integriteit" not in body and CANARY not in body


@pytest.mark.parametrize("jaar", ["1999", "abc", ""])
def test_an_unknown_year_is_refused_in_dutch(client, coordinator, two_years, jaar):
    client.force_login(coordinator)
    page = client.get(URL, {"jaar": jaar})
    assert page.status_code == 400
    assert "Kies een jaar uit de lijst." in page.content.decode() or jaar == ""
    assert client.get(f"{URL}csv/", {"jaar": jaar}).status_code == 400


# --- complementary suppression: nothing hidden can be worked back ------------------------


def _options(shown: str, cap: int):
    from meldkanaal.services.statistics import HIDDEN_COUNT, SMALL

    if shown == SMALL:
        return range(1, 5)
    if shown == HIDDEN_COUNT:
        return range(1, cap + 1)
    return [int(shown)]


def _feasible(tables: dict[str, list[str]], total: str, cap: int) -> dict[str, list[set[int]]]:
    """By brute force, every value each cell can have given every shown cell of every table
    and the total (all tables add up to the same total)."""
    sums = {}
    for name, cells in tables.items():
        sums[name] = {}
        for values in itertools.product(*(_options(c, cap) for c in cells)):
            sums[name].setdefault(sum(values), []).append(values)
    totals = set(_options(total, cap))
    for per_sum in sums.values():
        totals &= set(per_sum)
    seen = {}
    for name, cells in tables.items():
        seen[name] = [set() for _ in cells]
        for t in totals:
            for values in sums[name].get(t, []):
                for index, value in enumerate(values):
                    seen[name][index].add(value)
    return seen


def _assert_nothing_follows(tables: dict[str, list[str]], total: str, cap: int, real=None):
    """A "<5" may still be anything from 1 to 4, a "*" more than one number."""
    from meldkanaal.services.statistics import HIDDEN_COUNT, SMALL

    seen = _feasible(tables, total, cap)
    for name, cells in tables.items():
        for index, cell in enumerate(cells):
            if cell == SMALL:
                assert seen[name][index] == {1, 2, 3, 4}, (real, tables, total, name, index)
            elif cell == HIDDEN_COUNT:
                assert len(seen[name][index]) >= 2, (real, tables, total, name, index)
            if real is not None:
                assert real[name][index] in seen[name][index], (real, tables, total)


@pytest.mark.parametrize("width", [1, 2, 3])
def test_no_suppressed_cell_follows_from_the_others_for_any_small_table(width):
    """Every table of `width` cells with counts 1-9, published with a second table (one team
    with them all): whatever is hidden stays hidden."""
    from collections import Counter

    from meldkanaal.services.statistics import suppress_tables

    for counts in itertools.product(range(1, 10), repeat=width):
        table = Counter({f"k{i}": c for i, c in enumerate(counts)})
        published = suppress_tables({"t": table, "team": Counter(a=sum(counts))}, sum(counts))
        shown = {n: [v for _, v in published[n]] for n in ("t", "team")}
        real = {
            n: [src[k] for k, _ in published[n]]
            for n, src in (("t", table), ("team", Counter(a=sum(counts))))
        }
        _assert_nothing_follows(shown, published["Totaal"][0][1], sum(counts) + 5, real)


def test_the_issues_example_cannot_be_worked_back():
    """Total 7, one kind 5 and two kinds "<5": each of those would be 1."""
    from collections import Counter

    from meldkanaal.services.statistics import suppress_tables

    published = suppress_tables({"Soort": Counter(a=5, b=1, c=1)}, 7)
    assert published["Soort"] == [("a", "*"), ("b", "<5"), ("c", "<5")]
    _assert_nothing_follows({"Soort": ["*", "<5", "<5"]}, published["Totaal"][0][1], 12)


def test_every_published_table_of_every_year(home_page):
    """The real tables (page, CSV, yearly report) of a year with small and big counts."""
    from meldkanaal.constants import Uitkomst
    from meldkanaal.services.statistics import published_tables

    this_year = timezone.localdate().year
    for soort, count in ((Soort.ZAKELIJKE_INTEGRITEIT, 6), (Soort.MISSTAND, 3), (Soort.ANDERS, 1)):
        for _ in range(count):
            make_report(soort=soort)
    Melding.objects.filter(soort=Soort.MISSTAND).update(uitkomst=Uitkomst.GEGROND)
    for jaar in services.statistics_years():
        tables = published_tables(jaar)
        assert set(tables) == {"Soort", "Team", "Uitkomst", "Totaal"}
        [(_, total)] = tables["Totaal"]
        shown = {n: [v for _, v in rows] for n, rows in tables.items() if n != "Totaal"}
        _assert_nothing_follows(shown, total, Melding.objects.filter(jaar=jaar).count() + 5)
    assert services.statistics(this_year) == published_tables(this_year)
