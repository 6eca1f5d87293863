"""Removes search-term counts older than the reports look back (run daily).

What people type can say something about someone, so the counts are kept no longer than the
Redactie's reports use them (search/admin_views.py: REPORT_DAYS). Search terms that are
promoted by the Redactie stay, without their old counts.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.admin_views import REPORT_DAYS
from search.models import ZeroResultQuery


class Command(BaseCommand):
    help = f"Verwijdert tellingen van zoektermen die ouder zijn dan {REPORT_DAYS} dagen."

    def handle(self, *args, **options):
        before = timezone.localdate() - datetime.timedelta(days=REPORT_DAYS)
        daily, _ = QueryDailyHits.objects.filter(date__lt=before).delete()
        zero, _ = ZeroResultQuery.objects.filter(date__lt=before).delete()
        Query.garbage_collect()  # terms without counts and without a promotion
        self.stdout.write(f"{daily + zero} tellingen van vóór {before:%d-%m-%Y} verwijderd.")
