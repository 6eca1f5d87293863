"""Django's `flush`, allowed to empty the append-only tables (migration 0012).

Emptying the whole database is maintenance (tests, resetting a demo), not rewriting history:
it is marked as such for this connection only, and unmarked afterwards.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET meldkanaal.onderhoud = 'aan'")
        connection.meldkanaal_onderhoud = True  # SQLite: read by meldkanaal_onderhoud()
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("RESET meldkanaal.onderhoud")
            connection.meldkanaal_onderhoud = False
