"""Retire Wagtail's own default workflow, which is on no page here.

Wagtail creates "Moderators approval" on install; this site's workflow ("de coördinator",
0003/0005) is on the root page. The unused English one is made inactive so the admin lists one
workflow and nobody assigns the wrong one. It stays active if anything uses it.
"""

from django.db import migrations

WAGTAIL_DEFAULT = "Moderators approval"


def set_default_active(apps, active):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    unused = Workflow.objects.filter(name=WAGTAIL_DEFAULT, workflow_pages__isnull=True)
    Task.objects.filter(workflow_tasks__workflow__in=unused, name=WAGTAIL_DEFAULT).update(
        active=active
    )
    unused.update(active=active)


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0006_help_texts"), ("wagtailcore", "0098_apitoken")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: set_default_active(apps, False),
            lambda apps, schema_editor: set_default_active(apps, True),
        )
    ]
