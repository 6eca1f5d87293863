from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meldkanaal.backup import BackupError, make_backup, read_manifest


class Command(BaseCommand):
    help = (
        "Maakt een back-up: de database (pg_dump of SQLite), de versleutelde bijlagen en een "
        "manifest met tellingen en controlegetallen. De sleutel (MELDKANAAL_KEY) zit er niet "
        "in: bewaar die apart (docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(getattr(settings, "MELDKANAAL_BACKUP_DIR", settings.VAR_DIR / "backups")),
            help="Map waarin de back-up komt (standaard var/backups of MELDKANAAL_BACKUP_DIR).",
        )

    def handle(self, *args, **options):
        try:
            folder = make_backup(Path(options["output"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = read_manifest(folder)
        counts = manifest["tellingen"]
        self.stdout.write(
            f"Back-up gemaakt in {folder}: {counts.get('meldkanaal_melding', 0)} meldingen, "
            f"{len(manifest['bijlagen'])} bijlagebestanden. Sleutels (vingerafdruk): "
            f"{', '.join(manifest['sleutels'])}."
        )
