import re

from django.core.management.base import BaseCommand, CommandError

from training import services


class Command(BaseCommand):
    help = (
        "Stuurt medewerkers die een verplichte training nog niet deden een herinnering "
        "(via de mail-worker); hoogstens één keer per training per periode (maand)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen tellen: niets versturen en niets vastleggen.",
        )
        parser.add_argument(
            "--periode",
            default=None,
            help="De periode als JJJJ-MM (standaard deze maand).",
        )

    def handle(self, *args, dry_run=False, periode=None, **options):
        periode = periode or services.current_period()
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", periode):
            raise CommandError("Geef de periode als JJJJ-MM, bijvoorbeeld 2026-12.")
        if dry_run:
            due = services.reminders_due(periode)
            verb = "Zou"
        else:
            due = services.send_reminders(periode)
            verb = "Stuurt"
        reminders = sum(len(modules) for modules in due.values())
        self.stdout.write(
            f"{verb} {len(due)} medewerker(s) een herinnering over {reminders} "
            f"verplichte training(en) (periode {periode})."
        )
