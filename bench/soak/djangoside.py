"""The soak harness's look inside the site, run with the harness's environment:

python bench/soak/djangoside.py setup          # the form page and a team member with e-mail
python bench/soak/djangoside.py diff LEDGER    # what the database holds for the ledger (JSON)
python bench/soak/djangoside.py pending        # notifications not yet sent
python bench/soak/djangoside.py queue TAG N    # N mails for the worker at once (not batched)
"""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

MARKER = re.compile(r"SOAK-[0-9a-f]{32}")


def setup():
    from django.contrib.auth import get_user_model

    from wagtail.models import Site

    from meldkanaal.models import MeldFormPage, Route
    from meldkanaal.models.team import Rol, Teamlidmaatschap

    home = Site.objects.get(is_default_site=True).root_page.specific
    if not MeldFormPage.objects.exists():
        page = MeldFormPage(title="Melden", slug="melden")
        home.add_child(instance=page)
        page.save_revision().publish()
    user, _ = get_user_model().objects.get_or_create(
        username="soak-meldpunt", defaults={"email": "meldpunt@soak.invalid"}
    )
    # A reader for every routed team, so that no route leads nowhere (the team's mail goes
    # to this member).
    for route in Route.objects.select_related("team"):
        Teamlidmaatschap.objects.get_or_create(
            team=route.team, gebruiker=user, defaults={"rol": Rol.BEHEERDER}
        )
    print(json.dumps({"routes": Route.objects.count()}))


def diff(ledger_path: str):
    from meldkanaal import services
    from meldkanaal.models import Melding, Notificatie

    stored: dict[str, list[str]] = {}
    for melding in Melding.objects.only("nummer", "beschrijving"):
        for marker in MARKER.findall(melding.beschrijving or ""):
            stored.setdefault(marker, []).append(melding.nummer)
    codes_ok, codes_wrong = 0, 0
    for line in Path(ledger_path).read_text().splitlines():
        entry = json.loads(line)
        if entry.get("code"):
            found = services.find_by_code(entry["code"])
            if found is not None and entry["marker"] in (found.beschrijving or ""):
                codes_ok += 1
            else:
                codes_wrong += 1
    notifications = {
        n.nummer: {"sent": n.verzonden_op is not None, "tries": n.pogingen}
        for n in Notificatie.objects.filter(soort="nieuw")
    }
    print(
        json.dumps(
            {
                "stored": stored,
                "codes_ok": codes_ok,
                "codes_wrong": codes_wrong,
                "notifications": notifications,
            }
        )
    )


def pending():
    from meldkanaal.models import Notificatie

    print(Notificatie.objects.filter(verzonden_op__isnull=True).count())


def queue(tag: str, count: str):
    """N team mails of a kind the worker sends at once, subjects "<tag>-<i>" (the worker
    scenario counts them in the sink)."""
    from django.db import transaction

    from meldkanaal.constants import NotificatieSoort
    from meldkanaal.models import Notificatie, Route
    from meldkanaal.services.notifications import enqueue_sending

    team = Route.objects.select_related("team").first().team
    with transaction.atomic():
        Notificatie.objects.bulk_create(
            Notificatie(
                team=team,
                soort=NotificatieSoort.DOORGEZET,
                onderwerp=f"{tag}-{index}",
                tekst="Soak: een e-mail van de worker.",
            )
            for index in range(int(count))
        )
        transaction.on_commit(enqueue_sending)
    print(count)


if __name__ == "__main__":
    commands = {
        "setup": setup,
        "diff": lambda: diff(sys.argv[2]),
        "pending": pending,
        "queue": lambda: queue(sys.argv[2], sys.argv[3]),
    }
    commands[sys.argv[1]]()
