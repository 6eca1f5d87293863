"""Demo yearly reports 2023 and 2024, read from jaarverslag/demo_data/jaarverslagen.json.

The site has no data of its own for those years but the kwesties of the demo
vertrouwenspersonen, so the other figures are entered figures with their source (the
Zuid-Holland report of 2024). Published, so their figures are frozen at loading. A draft of
this year's report (never published) shows the figures of now from every source. Found by
slug: loading twice changes nothing (the frozen figures are taken again).
"""

import json
import uuid
from pathlib import Path

from django.utils import timezone

from integriteitsplein.demo_content import publish_if_changed

from . import figures
from .models import BevrorenCijfers, JaarverslagPage

DATA = Path(__file__).resolve().parent / "demo_data" / "jaarverslagen.json"


def _block(kind: str, text: str) -> dict:
    if kind == "heading":
        return {"type": "heading", "value": {"text": text, "level": "h2"}, "id": str(uuid.uuid4())}
    return {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}


def load(home, accounts) -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    pages = {}
    for item in data["verslagen"]:
        jaar = timezone.localdate().year if item["jaar"] == "dit jaar" else item["jaar"]
        fields = {
            "title": item["title"].format(jaar=jaar),
            "jaar": jaar,
            "intro": item["intro"],
            "ingevoerde_cijfers": [
                {"type": "cijfer", "value": cijfer, "id": str(uuid.uuid4())}
                for cijfer in item["ingevoerd"]
            ],
            "body": [_block(kind, text) for kind, text in item["tekst"]],
            **{f"toon_{name}": shown for name, shown in item["bronnen"].items()},
        }
        for cijfer in fields["ingevoerde_cijfers"]:
            cijfer["value"] = {"vorig_jaar": "", "toelichting": "", **cijfer["value"]}
        page = JaarverslagPage.objects.child_of(home).filter(slug=item["slug"]).first()
        if page is None:
            # The concept stays a draft: not live, so only the admin's preview shows it.
            page = JaarverslagPage(slug=item["slug"], live=not item.get("concept"), **fields)
            home.add_child(instance=page)
        else:
            for name, value in fields.items():
                setattr(page, name, value)
            BevrorenCijfers.objects.filter(page_id=page.pk).delete()
        published = not item.get("concept")
        saved = publish_if_changed(page, accounts.get("coordinator"), publish=published)
        if published and not saved:
            # Unchanged, so not published again: the figures are taken again all the same.
            figures.freeze(page, accounts.get("coordinator"))
        pages[f"jaarverslag_{jaar}"] = page
    return pages
