"""Each plain word's rank per search index entry, in a table PostgreSQL keeps with a trigger
on Wagtail's index (search/wordrank.py, docs/adr/0033); nothing on SQLite."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from search import wordrank

        wordrank.install(schema_editor.connection)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from search import wordrank

        wordrank.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_indexentry_title_body_column")]

    operations = [migrations.RunPython(create, drop)]
