from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldkanaal.backup import (
    BackupError,
    check_files,
    describe,
    read_manifest,
    restore_backup,
    verify,
)


class Command(BaseCommand):
    help = (
        "Zet een back-up terug in een nieuwe, lege database en een lege map voor bijlagen, "
        "en controleert daarna dat alle tellingen kloppen en dat elke melding en bijlage te "
        "ontsleutelen is. Met --verify-only wordt alleen gecontroleerd."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="De map van de back-up (met manifest.json).")
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Niets terugzetten: vergelijk de huidige database en bijlagen met de back-up.",
        )

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        try:
            if options["verify_only"]:
                manifest = read_manifest(folder)
                check_files(folder, manifest)
                result = verify(manifest)
            else:
                result = restore_backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(describe(result))
        if not result.ok:
            raise CommandError("Controle mislukt:\n" + "\n".join(result.problems))
        self.stdout.write("Alles klopt: tellingen gelijk, alles te ontsleutelen.")
