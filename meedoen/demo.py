"""Demo content of meedoen, read from meedoen/demo_data/peilingen.json.

Vote counts are set directly (there are no demo voters); the demo accounts have not voted, so
`medewerker` can try voting. Closing dates count from the day of loading. Found by question:
loading twice changes nothing.
"""

import datetime
import json
from pathlib import Path

from django.utils import timezone

from wagtail.models import Page

from integriteitsplein.demo_content import publish_if_changed
from meedoen.models import (
    Dilemma,
    DilemmaKeuze,
    DilemmaspelItem,
    DilemmaspelPage,
    MeedoenPage,
    Peiling,
    PeilingOptie,
    WegwijzerPage,
)

DATA = Path(__file__).resolve().parent / "demo_data" / "peilingen.json"
DILEMMAS = Path(__file__).resolve().parent / "demo_data" / "dilemmas.json"
WEGWIJZER = Path(__file__).resolve().parent / "demo_data" / "wegwijzer.json"


def load(home, accounts) -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    page = MeedoenPage.objects.child_of(home).filter(slug=data["page"]["slug"]).first()
    if page is None:
        page = MeedoenPage(slug=data["page"]["slug"], title=data["page"]["title"])
        home.add_child(instance=page)
    page.title = data["page"]["title"]
    page.intro = data["page"]["intro"]
    page.show_in_menus = True
    publish_if_changed(page)

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for item in data["peilingen"]:
        peiling, _ = Peiling.objects.update_or_create(
            vraag=item["vraag"],
            defaults={
                "toelichting": item["toelichting"],
                "sluit_op": now + datetime.timedelta(days=item["sluit_over_dagen"]),
                "op_startpagina": item["op_startpagina"],
            },
        )
        for order, (tekst, stemmen) in enumerate(item["opties"]):
            PeilingOptie.objects.update_or_create(
                peiling=peiling, tekst=tekst, defaults={"sort_order": order, "stemmen": stemmen}
            )
    load_dilemmas(page)
    guide = load_guide(home)
    return {"meedoen_page": page, "wegwijzer_page": guide}


def _step(item: dict) -> tuple[str, dict]:
    value = {key: item[key] for key in item if key not in ("type", "antwoorden", "pagina")}
    if item["type"] == "vraag":
        value["antwoorden"] = [{"tekst": t, "naar": n} for t, n in item["antwoorden"]]
        value.setdefault("toelichting", "")
    else:
        slug = item.get("pagina")
        if slug == "@meldformulier":  # the report form, wherever MELDKANAAL_PATH puts it
            from meldkanaal.models import MeldFormPage

            target = MeldFormPage.objects.live().first()
        else:
            target = Page.objects.filter(slug=slug).first() if slug else None
        value["pagina"] = target
    return item["type"], value


def load_guide(home) -> WegwijzerPage:
    data = json.loads(WEGWIJZER.read_text(encoding="utf-8"))
    guide = WegwijzerPage.objects.child_of(home).filter(slug=data["slug"]).first()
    if guide is None:
        guide = WegwijzerPage(slug=data["slug"], title=data["title"])
        guide.stappen = [_step(item) for item in data["stappen"]]
        home.add_child(instance=guide)
    guide.title, guide.intro = data["title"], data["intro"]
    # External reporters reach the meldkanaal without an account: they need the guide too.
    guide.open_without_login = True
    guide.stappen = [_step(item) for item in data["stappen"]]
    guide.full_clean()
    publish_if_changed(guide)
    return guide


def load_dilemmas(parent) -> DilemmaspelPage:
    data = json.loads(DILEMMAS.read_text(encoding="utf-8"))
    dilemmas = []
    for item in data["dilemmas"]:
        dilemma, _ = Dilemma.objects.update_or_create(
            titel=item["titel"],
            defaults={
                "situatie": item["situatie"],
                "gedragscode": item["gedragscode"],
                "vragen": item["vragen"],
            },
        )
        for order, (tekst, gekozen) in enumerate(item["keuzes"]):
            DilemmaKeuze.objects.update_or_create(
                dilemma=dilemma, tekst=tekst, defaults={"sort_order": order, "gekozen": gekozen}
            )
        dilemmas.append(dilemma)

    info = data["spel"]
    spel = DilemmaspelPage.objects.child_of(parent).filter(slug=info["slug"]).first()
    if spel is None:
        spel = DilemmaspelPage(slug=info["slug"], title=info["title"])
        parent.add_child(instance=spel)
    spel.title, spel.intro = info["title"], info["intro"]
    spel.items = [
        DilemmaspelItem(dilemma=dilemma, sort_order=order) for order, dilemma in enumerate(dilemmas)
    ]
    publish_if_changed(spel)
    return spel
