"""The yearly report's figures, pulled from the plein's own registers.

Every figure is a published count: the meldkanaal's tables come from its
`published_tables(jaar)`, the kwestieregistratie's from its own, both suppressed by the
meldkanaal's complementary suppression; the oath register's split into eed and belofte goes
through the same function (a belofte can say something about belief). Sessions held and their
participants, and poll results (already masked as the poll shows them), are not about anyone.
Completions of mandatory training (training.services.completion_counts) are suppressed too.
The result is plain JSON, so it can be frozen when the report is published (BevrorenCijfers).
"""

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone

from agenda.constants import EedVorm
from agenda.constants import Soort as EventSoort
from agenda.models import Ambtseed, EventPage
from meedoen.models import Peiling
from meedoen.services import result_rows
from meldkanaal.services.statistics import published_tables, suppress_tables
from training.services import completion_counts
from vertrouwenspersonen import statistics as kwestie_statistics

# The sources, in the order of the report. Each says where its figures come from.
BRONNEN = {
    "meldingen": "Meldkanaal, ‘Meldingen in cijfers’ (meldingen per jaar van ontvangst)",
    "kwesties": "Kwestieregistratie van de vertrouwenspersonen",
    "ambtseden": "Ambtseedregister (datum waarop de eed of belofte is afgelegd)",
    "bijeenkomsten": "Agenda van het Integriteitsplein (bijeenkomsten die zijn begonnen, "
    "deelnemers die aanwezig waren)",
    "peilingen": "Peilingen op het Integriteitsplein (gesloten in dit jaar)",
    "training": "Verplichte trainingen op het Integriteitsplein (afgerond in dit jaar)",
}


def _lists(tables: dict) -> dict:
    return {name: [[label, shown] for label, shown in rows] for name, rows in tables.items()}


def _total(tables: dict) -> str:
    return tables["Totaal"][0][1]


def meldingen(jaar: int) -> dict:
    return _lists(published_tables(jaar))


def kwesties(jaar: int) -> dict:
    return _lists(kwestie_statistics.published_tables(jaar))


def ambtseden(jaar: int) -> dict:
    vormen = Counter(
        dict(
            Ambtseed.objects.filter(afgelegd_op__year=jaar)
            .values_list("vorm")
            .annotate(n=Count("pk"))
            .values_list("vorm", "n")
        )
    )
    counts = Counter({EedVorm(vorm).label: n for vorm, n in vormen.items()})
    published = suppress_tables({"Vorm": counts}, sum(counts.values()))
    published["Totaal"] = [(f"Eden en beloften in {jaar}", published["Totaal"][0][1])]
    return _lists(published)


def bijeenkomsten(jaar: int, now: datetime.datetime) -> dict:
    rows = (
        EventPage.objects.live()
        .filter(start__year=jaar, start__lte=now)
        .values("soort")
        .annotate(
            sessies=Count("pk", distinct=True),
            deelnemers=Count("aanmeldingen", filter=Q(aanmeldingen__aanwezig=True)),
        )
        .order_by("soort")
    )
    per_soort = {r["soort"]: r for r in rows}
    order = [value for value, _ in EventSoort.choices if value in per_soort]
    return {
        "Bijeenkomsten": [[EventSoort(s).label, str(per_soort[s]["sessies"])] for s in order],
        "Deelnemers": [[EventSoort(s).label, str(per_soort[s]["deelnemers"])] for s in order],
        "Totaal": [
            ["Bijeenkomsten", str(sum(r["sessies"] for r in per_soort.values()))],
            ["Deelnemers", str(sum(r["deelnemers"] for r in per_soort.values()))],
        ],
    }


def peilingen(jaar: int, now: datetime.datetime) -> dict:
    polls = (
        Peiling.objects.filter(sluit_op__year=jaar, sluit_op__lte=now)
        .prefetch_related("opties")
        .order_by("sluit_op", "pk")
    )
    result = []
    for peiling in polls:
        regels, totaal = result_rows(list(peiling.opties.all()))
        result.append(
            {
                "vraag": peiling.vraag,
                "totaal": totaal,
                "regels": [[regel.tekst, regel.getal] for regel in regels],
            }
        )
    return {
        "peilingen": result,
        "Totaal": [
            ["Peilingen", str(len(result))],
            ["Stemmen", str(sum(p["totaal"] for p in result))],
        ],
    }


def training(jaar: int) -> dict:
    """Completions per mandatory module. The cells add up to the completions of the year,
    which the report shows too, so they go through the complementary suppression rather than
    the per-cell "<5" of `completion_counts` alone."""
    counts = Counter({v.module: v.gedaan for v in completion_counts(jaar) if v.gedaan})
    published = suppress_tables({"Module": counts}, sum(counts.values()))
    published["Totaal"] = [
        (f"Afgeronde verplichte trainingen in {jaar}", published["Totaal"][0][1])
    ]
    return _lists(published)


def live_figures(jaar: int, now: datetime.datetime | None = None) -> dict:
    """All sources for `jaar` and the year before, as JSON-ready data."""
    now = now or timezone.now()
    years = {"dit": jaar, "vorig": jaar - 1}
    return {
        "jaar": jaar,
        "berekend_op": now.isoformat(),
        "bronnen": {
            "meldingen": {k: meldingen(y) for k, y in years.items()},
            "kwesties": {k: kwesties(y) for k, y in years.items()},
            "ambtseden": {k: ambtseden(y) for k, y in years.items()},
            "bijeenkomsten": {k: bijeenkomsten(y, now) for k, y in years.items()},
            "peilingen": {k: peilingen(y, now) for k, y in years.items()},
            "training": {k: training(y) for k, y in years.items()},
        },
    }


def freeze(page, user=None):
    """Store the figures of now as the published report's figures."""
    from .models import BevrorenCijfers

    return BevrorenCijfers.objects.create(
        page_id=page.pk, cijfers=live_figures(page.jaar), vastgelegd_door=user
    )


def freeze_on_first_publish(sender, instance, revision=None, **kwargs):
    """page_published: the first publication fixes the figures. Later publications (a typo
    in the text) keep them; 'Cijfers opnieuw vastleggen' in the admin takes new ones."""
    from .models import BevrorenCijfers

    if not BevrorenCijfers.objects.filter(page_id=instance.pk).exists():
        freeze(instance, getattr(revision, "user", None))
