"""Yearly counts of the kwestieregistratie, for the coordinator and the yearly report.

The same small-cell rule as "Meldingen in cijfers", by the same function: the meldkanaal's
complementary suppression (`suppress_tables`) over the two tables "Onderwerp" and "Vervolg"
and their shared total. A "<5" stays anywhere in 1-4, a "*" is not pinned to one value.
Month counts are never published: month, subject and follow-up together could point at
someone.
"""

from collections import Counter

from meldkanaal.services.statistics import suppress_tables
from vertrouwenspersonen.constants import Onderwerp, Vervolg
from vertrouwenspersonen.models import Kwestie

TABLES = ("Onderwerp", "Vervolg")


def published_tables(jaar: int) -> dict[str, list[tuple[str, str]]]:
    """{table: [(label, shown count), ...]} and "Totaal" with one row, suppressed.
    Reads the counts directly (not through visible_to): only counts leave this function."""
    rows = list(Kwestie.objects.filter(jaar=jaar).values_list("onderwerp", "vervolg"))
    tables = {
        "Onderwerp": Counter(Onderwerp(r[0]).label for r in rows),
        "Vervolg": Counter(Vervolg(r[1]).label for r in rows),
    }
    published = suppress_tables(tables, len(rows))
    # In the order of the choices, as the seeds' tables list them.
    order = {
        "Onderwerp": [label for _, label in Onderwerp.choices],
        "Vervolg": [label for _, label in Vervolg.choices],
    }
    for name in TABLES:
        published[name].sort(key=lambda row, name=name: order[name].index(row[0]))
    published["Totaal"] = [(f"Alle kwesties van {jaar}", published["Totaal"][0][1])]
    return published
