"""An index on the pages' `url_path`, which Wagtail does not index.

The site root routes a request in one query by `url_path` (integriteitsplein/routing.py),
and the intranet middleware finds open pages by it: without an index both read every page.
"""

from django.db import migrations

INDEX = "integriteitsplein_page_url_path"


def create(apps, schema_editor):
    table = apps.get_model("wagtailcore", "Page")._meta.db_table
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {schema_editor.quote_name(table)} (url_path)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("integriteitsplein", "0002_phone_validation"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
