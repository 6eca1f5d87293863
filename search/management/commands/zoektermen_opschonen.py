"""Removes search-term counts older than the reports look back (run daily).

What people type can say something about someone, so the counts are kept no longer than the
Redactie's reports use them (search/statistics.py: REPORT_DAYS), and a term whose recent
count fell below MIN_SEARCHES leaves Wagtail's own tables (its chooser and report list every
term there). Search terms that are promoted by the Redactie stay, without their old counts.
"""

from django.core.management.base import BaseCommand

from search.statistics import REPORT_DAYS, clean_up, report_since


class Command(BaseCommand):
    help = f"Verwijdert tellingen van zoektermen die ouder zijn dan {REPORT_DAYS} dagen."

    def handle(self, *args, **options):
        before = report_since()
        removed = clean_up()
        self.stdout.write(f"{removed} tellingen van vóór {before:%d-%m-%Y} verwijderd.")
