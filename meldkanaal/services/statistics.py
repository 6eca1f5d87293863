"""Counts of reports per year that cannot be worked back to a small number.

Published tables (the page, the CSV, and `published_tables(jaar)` for the yearly report):
"Soort", "Team" and "Uitkomst", each adding up to the year's total, and "Totaal".

Complementary suppression:
- a count of 1 to 4 is shown as "<5" (primary; a kind with no reports is not listed);
- as long as a reader could narrow a "<5" down to fewer than all of 1-4, or pin a hidden count
  to one value, using the other cells and the total, one more count is hidden as "*" (a hidden
  count: any number from 1 up): first the smallest shown count of that table, then the total
  (in every table at once, since all share it), then the smallest count of the table whose
  cells fix the total most tightly.
What a reader can work out is bounded exactly: each table is one sum over cells with known
ranges, and all tables share that sum (`_bounds`, `_total_range`).
tests/meldkanaal/test_team_statistics.py checks every published table against all counts
that fit it, by enumeration.
"""

from collections import Counter

from django.utils import timezone

from ..constants import Soort, Uitkomst
from ..models import Melding

SMALL_COUNT = 5
SMALL = "<5"
HIDDEN_COUNT = "*"
UNBOUNDED = 10**9


def shown_count(count: int) -> str:
    """Counts below 5 are shown as "<5" so that no case can be recognised (0 stays 0)."""
    if 0 < count < SMALL_COUNT:
        return SMALL
    return str(count)


def cell_range(shown: str) -> tuple[int, int]:
    """What a reader knows of a cell (or the total) from what it shows."""
    if shown == SMALL:
        return 1, SMALL_COUNT - 1
    if shown == HIDDEN_COUNT:
        return 1, UNBOUNDED
    return int(shown), int(shown)


def _sum_range(cells: dict[str, str]) -> tuple[int, int]:
    ranges = [cell_range(value) for value in cells.values()]
    return sum(r[0] for r in ranges), sum(r[1] for r in ranges)


def _total_range(published: dict[str, dict[str, str]], total: str) -> tuple[int, int]:
    """What a reader knows of the total: what it shows, narrowed by every table's sum."""
    lo, hi = cell_range(total)
    for cells in published.values():
        t_lo, t_hi = _sum_range(cells)
        lo, hi = max(lo, t_lo), min(hi, t_hi)
    return lo, hi


def _bounds(cells: dict[str, str], total: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """For each cell, the narrowest range a reader can derive from the table and the total."""
    ranges = {key: cell_range(value) for key, value in cells.items()}
    all_lo = sum(r[0] for r in ranges.values())
    all_hi = sum(r[1] for r in ranges.values())
    return {
        key: (max(lo, total[0] - (all_hi - hi)), min(hi, total[1] - (all_lo - lo)))
        for key, (lo, hi) in ranges.items()
    }


def _leaks(cells: dict[str, str], total: tuple[int, int]) -> bool:
    for key, (lo, hi) in _bounds(cells, total).items():
        if cells[key] == SMALL and (lo, hi) != (1, SMALL_COUNT - 1):
            return True
        if cells[key] == HIDDEN_COUNT and lo == hi:
            return True
    return False


def _hide_one(cells: dict[str, str], counts: Counter, small_too: bool) -> bool:
    """Hide the smallest shown count (or, with small_too, a "<5" when none is shown)."""
    candidates = sorted((counts[k], k) for k, v in cells.items() if v not in (SMALL, HIDDEN_COUNT))
    if not candidates and small_too:
        candidates = sorted((counts[k], k) for k, v in cells.items() if v == SMALL)
    if not candidates:
        return False
    cells[candidates[0][1]] = HIDDEN_COUNT
    return True


def suppress_tables(tables: dict[str, Counter], total: int) -> dict[str, list[tuple[str, str]]]:
    """Complementary suppression of tables that each add up to `total` (see above)."""
    published = {name: {k: shown_count(c) for k, c in t.items() if c} for name, t in tables.items()}
    shown_total = shown_count(total)
    while True:
        total_range = _total_range(published, shown_total)
        leaky = [name for name, cells in published.items() if _leaks(cells, total_range)]
        if not leaky:
            break
        name = leaky[0]
        if _hide_one(published[name], tables[name], small_too=False):
            continue
        if shown_total != HIDDEN_COUNT:
            shown_total = HIDDEN_COUNT
            continue
        open_tables = [n for n, cells in published.items() if set(cells.values()) - {HIDDEN_COUNT}]
        if not open_tables:
            break  # everything hidden: nothing left to give away
        tightest = min(
            open_tables, key=lambda n: _sum_range(published[n])[1] - _sum_range(published[n])[0]
        )
        _hide_one(published[tightest], tables[tightest], small_too=True)
    result = {name: sorted(cells.items()) for name, cells in published.items()}
    result["Totaal"] = [("Alle meldingen", shown_total)]
    return result


def statistics_years() -> list[int]:
    """The years with reports, newest first; the current year is always one of them."""
    years = set(Melding.objects.values_list("jaar", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def _counts(jaar: int) -> tuple[dict[str, Counter], int]:
    rows = list(Melding.objects.filter(jaar=jaar).values_list("soort", "team__naam", "uitkomst"))
    tables = {
        "Soort": Counter(Soort(r[0]).label for r in rows),
        "Team": Counter(r[1] for r in rows),
        "Uitkomst": Counter(Uitkomst(r[2]).label if r[2] else "Nog geen uitkomst" for r in rows),
    }
    return tables, len(rows)


def published_tables(jaar: int) -> dict[str, list[tuple[str, str]]]:
    """Every table published about one year (by case number), suppressed: for the page, the
    CSV and the yearly report. {table name: [(row label, shown count), ...]}; "Totaal" has one
    row. Shown counts are a number, "<5" or "*" (see the module docstring)."""
    tables, total = _counts(jaar)
    published = suppress_tables(tables, total)
    published["Totaal"] = [(f"Alle meldingen van {jaar}", published["Totaal"][0][1])]
    return published


def statistics(jaar: int | None = None) -> dict[str, list[tuple[str, str]]]:
    """The published tables of one year (default this year)."""
    return published_tables(jaar or timezone.localdate().year)
