"""Counts of reports per year, with small counts hidden."""

from collections import Counter

from django.utils import timezone

from ..constants import Soort, Uitkomst
from ..models import Melding

SMALL_COUNT = 5


def shown_count(count: int) -> str:
    """Counts below 5 are shown as "<5" so that no case can be recognised (0 stays 0)."""
    if 0 < count < SMALL_COUNT:
        return "<5"
    return str(count)


HIDDEN_COUNT = "*"


def _masked_table(counts: Counter) -> list[tuple[str, str]]:
    """One table of counts. Its cells add up to the total, which is shown too: with a single
    "<5" in a table, that count could be worked out from the others. Then the smallest other
    count is hidden as well ("*")."""
    shown = {key: shown_count(count) for key, count in counts.items()}
    small = [key for key, count in counts.items() if 0 < count < SMALL_COUNT]
    if len(small) == 1:
        others = sorted((count, key) for key, count in counts.items() if key not in small)
        if others:
            shown[others[0][1]] = HIDDEN_COUNT
    return [(key, shown[key]) for key in sorted(shown)]


def statistics_years() -> list[int]:
    """The years with reports, newest first; the current year is always one of them."""
    years = set(Melding.objects.values_list("jaar", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def statistics(jaar: int | None = None) -> dict[str, list[tuple[str, str]]]:
    """Counts of one year (by case number; default this year) per kind, team and outcome,
    with small counts masked."""
    jaar = jaar or timezone.localdate().year
    rows = list(Melding.objects.filter(jaar=jaar).values_list("soort", "team__naam", "uitkomst"))
    per_soort = Counter(Soort(r[0]).label for r in rows)
    per_team = Counter(r[1] for r in rows)
    per_uitkomst = Counter(Uitkomst(r[2]).label if r[2] else "Nog geen uitkomst" for r in rows)
    return {
        "Soort": _masked_table(per_soort),
        "Team": _masked_table(per_team),
        "Uitkomst": _masked_table(per_uitkomst),
        "Totaal": [(f"Alle meldingen van {jaar}", shown_count(len(rows)))],
    }
