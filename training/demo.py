"""Demo content of the mandatory training, read from training/demo_data/training.json.

Departments, the department of the demo accounts, colleagues without a password (so the
counts per department have something to mask and show), a classroom training for managers,
and who completed what. Found by name, slug and account: loading twice changes nothing.
"""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from agenda.models import EventPage
from integriteitsplein import roles
from integriteitsplein.demo_content import upsert_page
from kennisbank.models import ELearningPage
from training import services
from training.models import Afdeling, Afronding, Profiel

DATA = Path(__file__).resolve().parent / "demo_data" / "training.json"


def _colleagues(data, afdelingen) -> dict[str, list]:
    """{department: [accounts]}: demo colleagues who cannot log in."""
    User = get_user_model()
    medewerker = Group.objects.get(name=roles.MEDEWERKER)
    joined = timezone.now() - datetime.timedelta(days=365 * data["jaren_in_dienst"])
    names = iter(data["voornamen"])
    per_department = {}
    number = 0
    for naam, count in data["afdelingen"].items():
        users = []
        for index in range(count):
            number += 1
            user, created = User.objects.get_or_create(
                username=f"collega{number:02d}",
                defaults={"first_name": next(names), "last_name": "(demo)"},
            )
            if created:
                user.set_unusable_password()
            user.email = f"collega{number:02d}@provincie.example"
            user.date_joined = joined
            user.save()
            user.groups.add(medewerker)
            Profiel.objects.update_or_create(
                user=user,
                defaults={
                    "afdeling": afdelingen[naam],
                    "leidinggevende": index < data["leidinggevenden_per_afdeling"],
                },
            )
            users.append(user)
        per_department[naam] = users
    return per_department


def _classroom_page(spec) -> ELearningPage:
    sibling = ELearningPage.objects.get(slug=spec["onder"])
    parent = sibling.get_parent()
    fields = {
        "title": spec["title"],
        "intro": spec["intro"],
        "duration_minutes": spec["duration_minutes"],
        "audience": spec["audience"],
        "mandatory": True,
        "form": spec["form"],
        "link_url": "",
        "link_text": "",
        "body": json.dumps([{"type": "paragraph", "value": f"<p>{spec['body']}</p>"}]),
    }
    return upsert_page(parent, ELearningPage, spec["slug"], **fields)


def load(home, accounts) -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    afdelingen = {naam: Afdeling.objects.get_or_create(naam=naam)[0] for naam in data["afdelingen"]}
    for username, spec in data["profielen"].items():
        if username in accounts:
            Profiel.objects.update_or_create(
                user=accounts[username],
                defaults={
                    "afdeling": afdelingen[spec["afdeling"]],
                    "leidinggevende": spec.get("leidinggevende", False),
                },
            )
    colleagues = _colleagues(data["collegas"], afdelingen)
    _classroom_page(data["pagina"])
    organiser = accounts.get("coordinator")
    today = timezone.localdate()
    for spec in data["afrondingen"]:
        module = ELearningPage.objects.get(slug=spec["module"])
        if "bijeenkomst" in spec:
            event = EventPage.objects.get(slug=spec["bijeenkomst"])
            services.record_from_attendance(module, event, organiser)
            continue
        users = [accounts[name] for name in spec.get("wie", []) if name in accounts]
        for naam, count in spec.get("collegas_per_afdeling", {}).items():
            users += (
                colleagues[naam][-count:] if spec["bron"] == "zelf" else colleagues[naam][:count]
            )
        day = today - datetime.timedelta(days=spec["dagen_geleden"])
        for user in users:
            Afronding.objects.update_or_create(
                user=user,
                module=module,
                defaults={
                    "gedaan_op": day,
                    "bron": spec["bron"],
                    "vastgelegd_door": user if spec["bron"] == "zelf" else organiser,
                },
            )
    return {}
