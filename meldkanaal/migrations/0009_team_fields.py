"""Teams become a model of the meldkanaal (step 3 of 3: reports, routes and the outbox point at
Team). The old team groups stay as groups without meaning for the meldkanaal; delete them in
the group editor when no other permission of theirs is needed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meldkanaal", "0008_team_data")]

    operations = [
        migrations.RemoveField(model_name="melding", name="team"),
        migrations.RemoveField(model_name="route", name="team"),
        migrations.RemoveField(model_name="notificatie", name="team"),
        migrations.RenameField(model_name="melding", old_name="nieuw_team", new_name="team"),
        migrations.RenameField(model_name="route", old_name="nieuw_team", new_name="team"),
        migrations.RenameField(model_name="notificatie", old_name="nieuw_team", new_name="team"),
        migrations.AlterField(
            model_name="melding",
            name="team",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meldingen",
                to="meldkanaal.team",
                verbose_name="team",
            ),
        ),
        migrations.AlterField(
            model_name="notificatie",
            name="team",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meldkanaal.team"
            ),
        ),
        migrations.AlterField(
            model_name="route",
            name="team",
            field=models.ForeignKey(
                help_text="Het team dat meldingen van deze soort ontvangt en behandelt.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="routes",
                to="meldkanaal.team",
                verbose_name="team",
            ),
        ),
        migrations.AlterModelOptions(
            name="melding",
            options={
                "ordering": ["-jaar", "-volgnummer"],
                "permissions": [("view_statistiek", "Kan aantallen meldingen zien en exporteren")],
                "verbose_name": "melding",
                "verbose_name_plural": "meldingen",
            },
        ),
    ]
