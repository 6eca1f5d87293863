"""`title || body` of the search index entries stored in a column of its own, with its GIN
index, on PostgreSQL only (docs/adr/0027).

Most questions match most pages of a large site; PostgreSQL then reads the entries in full
and built `title || body` for every row to match it (26 of 39 ms of "cadeau van een
leverancier" at 10,000 pages). A stored generated column is kept up to date by PostgreSQL
itself on every insert and update of Wagtail's index; the index of 0004 on the expression is
replaced by one on the column.
"""

from django.db import migrations

COLUMN = "title_body"
INDEX = "search_indexentry_title_body_column_gin"
OLD_INDEX = "search_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        "GENERATED ALWAYS AS (title || body) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ({COLUMN})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON {table} USING gin ((title || body))"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_indexentry_title_body_gin")]

    operations = [migrations.RunPython(create, drop)]
