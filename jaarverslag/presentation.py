"""From the figures (live or frozen JSON) to what the page shows: key figures with the year
before, tables with both years, and a bar chart per table (the polls' SVG chart)."""

from meedoen.services import Regel, chart_for

from .figures import BRONNEN

NOT_SHOWN = ("<5", "*")

# source -> [(table name in the figures, heading, first column)]
TABLES = {
    "meldingen": [
        ("Soort", "Meldingen per soort", "Soort"),
        ("Uitkomst", "Meldingen per uitkomst", "Uitkomst"),
        ("Team", "Meldingen per team", "Team"),
    ],
    "kwesties": [
        ("Onderwerp", "Kwesties per onderwerp", "Onderwerp"),
        ("Vervolg", "Kwesties per vervolg", "Vervolg"),
    ],
    "ambtseden": [("Vorm", "Eed of belofte", "Vorm")],
    "training": [("Module", "Afgerond per verplichte training", "Training")],
    "bijeenkomsten": [
        ("Bijeenkomsten", "Bijeenkomsten per soort", "Soort"),
        ("Deelnemers", "Deelnemers per soort", "Soort"),
    ],
}
TITLES = {
    "meldingen": "Meldingen",
    "kwesties": "Kwesties besproken met vertrouwenspersonen",
    "ambtseden": "Ambtseden",
    "bijeenkomsten": "Bijeenkomsten",
    "peilingen": "Peilingen",
    "training": "Verplichte trainingen",
}
# Key figures: (source, label, how to read the shown value from that source's tables)
KEY_FIGURES = [
    ("meldingen", "Meldingen", ("Totaal", 0)),
    ("kwesties", "Kwesties besproken met vertrouwenspersonen", ("Totaal", 0)),
    ("ambtseden", "Eden en beloften afgelegd", ("Totaal", 0)),
    ("bijeenkomsten", "Bijeenkomsten gehouden", ("Totaal", 0)),
    ("bijeenkomsten", "Deelnemers aan bijeenkomsten", ("Totaal", 1)),
    ("peilingen", "Stemmen uitgebracht in peilingen", ("Totaal", 1)),
    ("training", "Verplichte trainingen afgerond", ("Totaal", 0)),
]


def _value(tables: dict, where: tuple[str, int]) -> str:
    rows = tables.get(where[0]) or []
    return rows[where[1]][1] if len(rows) > where[1] else "0"


def _regels(rows: list) -> list[Regel]:
    numbers = [int(shown) for _, shown in rows if shown not in NOT_SHOWN]
    biggest = max(numbers, default=0) or 1
    return [
        Regel(label, shown, None if shown in NOT_SHOWN else round(100 * int(shown) / biggest))
        for label, shown in rows
    ]


def _table(source: str, name: str, heading: str, column: str, dit: dict, vorig: dict):
    rows = dit.get(name) or []
    before = dict(vorig.get(name) or [])
    labels = [label for label, _ in rows]
    labels += [label for label in before if label not in labels]
    now = dict(rows)
    regels = _regels([[label, now.get(label, "0")] for label in labels])
    return {
        "id": f"{source}-{name.lower()}",
        "titel": heading,
        "kolom": column,
        "rijen": [
            {"label": label, "dit": now.get(label, "0"), "vorig": before.get(label, "0")}
            for label in labels
        ],
        "chart": chart_for(regels) if any(r.procent for r in regels) else None,
        "gemaskeerd": any(r.getal in NOT_SHOWN for r in regels)
        or any(v in NOT_SHOWN for v in before.values()),
    }


def build(figures: dict, enabled: set[str]) -> dict:
    jaar = figures["jaar"]
    bronnen = figures["bronnen"]
    key_figures = [
        {
            "label": label,
            "dit": _value(bronnen[source]["dit"], where),
            "vorig": _value(bronnen[source]["vorig"], where),
            "bron": BRONNEN[source],
        }
        for source, label, where in KEY_FIGURES
        if source in enabled
    ]
    sections = []
    for source in BRONNEN:
        if source not in enabled:
            continue
        dit, vorig = bronnen[source]["dit"], bronnen[source]["vorig"]
        section = {
            "id": source,
            "titel": TITLES[source],
            "bron": BRONNEN[source],
            "tabellen": [
                _table(source, name, heading, column, dit, vorig)
                for name, heading, column in TABLES.get(source, [])
                if dit.get(name) or vorig.get(name)
            ],
            "peilingen": [],
        }
        if source == "peilingen":
            for index, poll in enumerate(dit["peilingen"], start=1):
                regels = _regels(poll["regels"])
                section["peilingen"].append(
                    {
                        "id": f"peiling-{index}",
                        "vraag": poll["vraag"],
                        "totaal": poll["totaal"],
                        "regels": regels,
                        "chart": chart_for(regels) if any(r.procent for r in regels) else None,
                    }
                )
        sections.append(section)
    return {"jaar": jaar, "vorig_jaar": jaar - 1, "kerncijfers": key_figures, "secties": sections}
