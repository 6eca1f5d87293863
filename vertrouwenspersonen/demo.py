"""Demo content of the kwestieregistratie, read from vertrouwenspersonen/demo_data/kwesties.json.

Two demo vertrouwenspersonen (`vertrouwenspersoon` is one of the demo accounts of
home/demo.py) and their conversations of 2023, 2024 and this year. Loading twice changes
nothing: the rows of the demo vertrouwenspersonen are replaced.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from integriteitsplein import roles
from integriteitsplein.demo_content import demo_password_hash
from vertrouwenspersonen.models import Kwestie, Vertrouwenspersoon

DATA = Path(__file__).resolve().parent / "demo_data" / "kwesties.json"


def _account(item: dict, accounts: dict):
    user = accounts.get(item["username"])
    if user is None:
        user, _ = get_user_model().objects.get_or_create(username=item["username"])
        user.first_name, user.last_name = item["first_name"], item["last_name"]
        user.email = f"{item['username']}@provincie.example"
        user.password = demo_password_hash([user.password])
        user.save()
        user.groups.add(Group.objects.get(name=roles.MEDEWERKER))
    Vertrouwenspersoon.objects.update_or_create(gebruiker=user, defaults={"actief": True})
    return user


def _rows(jaar: int, per_onderwerp: dict, months: int, people: list, vervolg: list):
    index = 0
    for onderwerp, count in per_onderwerp.items():
        for _ in range(count):
            yield Kwestie(
                jaar=jaar,
                maand=index % months + 1,
                onderwerp=onderwerp,
                vervolg=vervolg[index % len(vervolg)],
                vertrouwenspersoon=people[index % len(people)],
            )
            index += 1


def load(home, accounts) -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    people = [_account(item, accounts) for item in data["vertrouwenspersonen"]]
    Kwestie.objects.filter(vertrouwenspersoon__in=people).delete()
    today = timezone.localdate()
    rows = []
    for jaar, per_onderwerp in data["jaren"].items():
        rows += _rows(int(jaar), per_onderwerp, 12, people, data["vervolg_volgorde"])
    rows += _rows(today.year, data["dit_jaar"], today.month, people, data["vervolg_volgorde"])
    Kwestie.objects.bulk_create(rows)
    return {}
