"""Demo content of the agenda, read from agenda/demo_data/agenda.json.

Days are counted from the day of loading, so the demo always has sessions that were and
sessions to come. Found by slug and account: loading twice changes nothing.
"""

import datetime
import json
from pathlib import Path

from django.utils import timezone

from agenda.models import Aanmelding, AgendaPage, Ambtseed, EventPage
from integriteitsplein.demo_content import upsert_page

DATA = Path(__file__).resolve().parent / "demo_data" / "agenda.json"


def _moment(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load(home, accounts) -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    agenda = upsert_page(
        home,
        AgendaPage,
        data["agenda"]["slug"],
        title=data["agenda"]["title"],
        intro=data["agenda"]["intro"],
        show_in_menus=True,
    )
    today = timezone.localdate()
    for item in data["events"]:
        day = today + datetime.timedelta(days=item["dag"])
        start = _moment(day, item["begin"])
        deadline = None
        if "deadline_dagen_ervoor" in item:
            deadline = start - datetime.timedelta(days=item["deadline_dagen_ervoor"])
        event = upsert_page(
            agenda,
            EventPage,
            item["slug"],
            title=item["title"],
            soort=item["soort"],
            start=start,
            end=_moment(day, item["eind"]),
            location=item.get("location", ""),
            online_link=item.get("online_link", ""),
            audience=item["audience"],
            capacity=item.get("capacity"),
            registration_enabled=item.get("registration_enabled", True),
            registration_deadline=deadline,
            intro=item["intro"],
        )
        for username, status in item["aanmeldingen"].items():
            if username not in accounts:
                continue
            Aanmelding.objects.update_or_create(
                event=event,
                user=accounts[username],
                defaults={
                    "status": status,
                    "aanwezig": username in item["aanwezig"] if "aanwezig" in item else None,
                },
            )
        for username, vorm in item.get("eden", {}).items():
            if username in accounts:
                Ambtseed.objects.update_or_create(
                    user=accounts[username],
                    defaults={"vorm": vorm, "afgelegd_op": day, "bijeenkomst": event},
                )
    return {"agenda_page": agenda}
