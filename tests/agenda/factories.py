"""Factories for the agenda: an AgendaPage and sessions under it, relative to now."""

import datetime

from django.utils import timezone

import factory
import wagtail_factories

from agenda.constants import Soort
from agenda.models import AgendaPage, EventPage


class AgendaPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = AgendaPage

    title = "Agenda"
    slug = "agenda"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    slug = factory.Sequence(lambda n: f"bijeenkomst-{n}")
    soort = Soort.LEZING
    start = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=7)).replace(second=0, microsecond=0)
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    location = "Provinciehuis, zaal 2.14"
    intro = "Wat er gebeurt en wat je eraan hebt."
