"""Teams become a model of the meldkanaal (step 1 of 3: the new tables and columns)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from meldkanaal.constants import BeveiligingSoort


class Migration(migrations.Migration):
    dependencies = [
        ("meldkanaal", "0006_notificatie_volgende_poging"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Team",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("naam", models.CharField(max_length=100, unique=True, verbose_name="naam")),
            ],
            options={"verbose_name": "team", "verbose_name_plural": "teams", "ordering": ["naam"]},
        ),
        migrations.CreateModel(
            name="Teamlidmaatschap",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "rol",
                    models.CharField(
                        choices=[("lid", "Lid"), ("beheerder", "Beheerder")],
                        default="lid",
                        max_length=16,
                        verbose_name="rol",
                    ),
                ),
                ("actief", models.BooleanField(default=True, verbose_name="actief")),
                (
                    "toegevoegd_op",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="toegevoegd op"
                    ),
                ),
                (
                    "gebruiker",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="teamlidmaatschappen",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="teamlid",
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lidmaatschappen",
                        to="meldkanaal.team",
                    ),
                ),
                (
                    "toegevoegd_door",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="toegevoegd door",
                    ),
                ),
            ],
            options={
                "verbose_name": "teamlidmaatschap",
                "verbose_name_plural": "teamlidmaatschappen",
                "ordering": ["team__naam", "gebruiker__username"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("team", "gebruiker"), name="teamlid_eenmaal_per_team"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Beveiligingsregel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("tijdstip", models.DateTimeField(default=django.utils.timezone.now)),
                ("soort", models.CharField(choices=BeveiligingSoort.choices, max_length=32)),
                ("door_naam", models.CharField(blank=True, max_length=150, verbose_name="door")),
                (
                    "betreft_naam",
                    models.CharField(blank=True, max_length=150, verbose_name="betreft"),
                ),
                ("detail", models.CharField(blank=True, max_length=300)),
                (
                    "betreft",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "door",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="meldkanaal.team",
                    ),
                ),
            ],
            options={
                "verbose_name": "beveiligingsregel",
                "verbose_name_plural": "beveiligingslog",
                "ordering": ["-tijdstip", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="notificatie",
            name="alleen_beheerders",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="melding",
            name="nieuw_team",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="meldkanaal.team",
            ),
        ),
        migrations.AddField(
            model_name="route",
            name="nieuw_team",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="meldkanaal.team",
            ),
        ),
        migrations.AddField(
            model_name="notificatie",
            name="nieuw_team",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="meldkanaal.team",
            ),
        ),
    ]
