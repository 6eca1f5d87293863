from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ZeroResultQuery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("query_string", models.CharField(max_length=255, verbose_name="zoekterm")),
                ("date", models.DateField(verbose_name="datum")),
                ("hits", models.PositiveIntegerField(default=0, verbose_name="aantal keer")),
            ],
            options={
                "verbose_name": "zoekterm zonder resultaat",
                "verbose_name_plural": "zoektermen zonder resultaat",
                "ordering": ["-date", "-hits"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("query_string", "date"), name="search_zero_per_day"
                    )
                ],
            },
        ),
    ]
