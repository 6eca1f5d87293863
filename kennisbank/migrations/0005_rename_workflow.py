"""Rename the moderation workflow so its button reads as Dutch, and retire Wagtail's default.

Wagtail labels the submit button "Stuur door naar <workflow>": with the old name that read
"Stuur door naar Redactie naar Coördinator"; now it reads "Stuur door naar de coördinator".
Wagtail's own "Moderators approval" workflow is on no page here (ours is on the root); it is
made inactive so the admin lists one workflow, ours, and nobody assigns the English one.
"""

from django.db import migrations

OLD_NAME = "Redactie naar Coördinator"
NEW_NAME = "de coördinator"


WAGTAIL_DEFAULT = "Moderators approval"


def rename(apps, old, new):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=old).update(name=new)


def set_default_active(apps, active):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    unused = Workflow.objects.filter(name=WAGTAIL_DEFAULT, workflow_pages__isnull=True)
    Task.objects.filter(workflow_tasks__workflow__in=unused, name=WAGTAIL_DEFAULT).update(
        active=active
    )
    unused.update(active=active)


def forwards(apps, schema_editor):
    rename(apps, OLD_NAME, NEW_NAME)
    set_default_active(apps, False)


def backwards(apps, schema_editor):
    rename(apps, NEW_NAME, OLD_NAME)
    set_default_active(apps, True)


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0004_version_label_and_date_help")]

    operations = [migrations.RunPython(forwards, backwards)]
