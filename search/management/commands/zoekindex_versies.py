"""Puts the text of the version in force today into the search index (run daily); also
the text of a version adopted in the period, which readers now see as announced.

The index holds the text of each policy document's version in force *when the page was last
saved*. On the day an announced version comes into force nobody saves the page, so without
this the old text stays searchable and the new one is not.
"""

import datetime

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from wagtail.search import index


class Command(BaseCommand):
    help = (
        "Zet de tekst van de versie die vandaag in werking is in de zoekindex, voor elk "
        "beleidsdocument met een versie die in de afgelopen dagen in werking trad."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dagen",
            type=int,
            default=7,
            help="Kijk zoveel dagen terug (standaard 7, zodat een gemiste dag niet uitmaakt).",
        )

    def handle(self, *args, dagen: int, **options):
        model = apps.get_model("kennisbank", "PolicyDocumentPage")
        today = timezone.localdate()
        since = today - datetime.timedelta(days=max(dagen, 1))
        # A version that came into force, or one adopted in the period (readers see a
        # version from its adoption day: it is then announced and searchable as such).
        pages = model.objects.live().filter(
            Q(versions__in_force_from__gt=since, versions__in_force_from__lte=today)
            | Q(versions__adopted_on__gt=since, versions__adopted_on__lte=today)
        )
        count = 0
        for page in pages.distinct().order_by("path"):
            index.insert_or_update_object(page)
            count += 1
        self.stdout.write(f"{count} beleidsdocument(en) opnieuw in de zoekindex gezet.")
