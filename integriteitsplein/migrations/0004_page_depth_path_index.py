"""An index on the pages' `(depth, path)`, which Wagtail does not have.

Wagtail finds a page's children by `depth = n AND path BETWEEN …`. Only `path` is indexed,
and the home page's path range holds every page, so PostgreSQL read the whole table for the
plein's tiles (3 ms at 10,000 pages; docs/performance.md). With both columns in one index,
the children are one short range.
"""

from django.db import migrations

INDEX = "integriteitsplein_page_depth_path"


def create(apps, schema_editor):
    table = apps.get_model("wagtailcore", "Page")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {schema_editor.quote_name(table)} (depth, path)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("integriteitsplein", "0003_page_url_path_index"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
