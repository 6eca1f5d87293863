"""The database refuses UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on the audit log and
the security log, also for the application's own connection.

The one way around it for the application is Django's `flush` (tests, a reset of a demo),
which meldkanaal/management/commands/flush.py marks as maintenance for its own connection:
PostgreSQL setting `meldkanaal.onderhoud`; on SQLite the function `meldkanaal_onderhoud()`
that meldkanaal.apps registers on each connection (elsewhere, e.g. the sqlite3 shell, it does
not exist and the trigger fails closed).
A database superuser can still drop the triggers; the hash chain then shows what went.
On SQLite a later migration that rebuilds one of these tables (most AlterFields do) drops its
triggers with it: such a migration must run `install` again.
"""

from django.db import migrations

TABLES = ("meldkanaal_auditlog", "meldkanaal_beveiligingsregel")
MESSAGE = "meldkanaal: deze tabel kan alleen worden aangevuld"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION meldkanaal_alleen_aanvullen() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('meldkanaal.onderhoud', true), '') = 'aan' THEN
        RETURN coalesce(OLD, NEW);
    END IF;
    RAISE EXCEPTION '{MESSAGE} (%)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_alleen_aanvullen BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION meldkanaal_alleen_aanvullen()"
                )
                cursor.execute(
                    f"CREATE TRIGGER {table}_niet_leegmaken BEFORE TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION meldkanaal_alleen_aanvullen()"
                )
        elif connection.vendor == "sqlite":
            for table in TABLES:
                for event in ("UPDATE", "DELETE"):
                    cursor.execute(  # constants only
                        f"CREATE TRIGGER {table}_geen_{event.lower()} BEFORE {event} ON {table} "  # noqa: S608
                        "WHEN meldkanaal_onderhoud() = 0 "
                        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                    )


def remove(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_alleen_aanvullen ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_niet_leegmaken ON {table}")
            elif connection.vendor == "sqlite":
                for event in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_geen_{event}")


class Migration(migrations.Migration):
    dependencies = [("meldkanaal", "0011_audit_chain")]

    operations = [migrations.RunPython(install, remove)]
