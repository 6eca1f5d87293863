"""Rename the moderation workflow so its button reads as Dutch.

Wagtail labels the submit button "Stuur door naar <workflow>": with the old name that read
"Stuur door naar Redactie naar Coördinator"; now it reads "Stuur door naar de coördinator".
"""

from django.db import migrations

OLD_NAME = "Redactie naar Coördinator"
NEW_NAME = "de coördinator"


def rename(apps, old, new):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0004_version_label_and_date_help")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: rename(apps, OLD_NAME, NEW_NAME),
            lambda apps, schema_editor: rename(apps, NEW_NAME, OLD_NAME),
        )
    ]
