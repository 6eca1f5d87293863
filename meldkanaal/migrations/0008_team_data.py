"""Teams become a model of the meldkanaal (step 2 of 3: today's group-based teams move over).

Every group that was a team (permission `behandel_melding`), and every group a report, route
or notification points at, becomes a Team of the same name; its members become members. A
member who was a meldpunt administrator (`change_route` through a group) becomes beheerder.
The permission `behandel_melding` goes (the groups stay, without it): a group no longer
makes anyone a reader. Not reversible.
"""

from django.conf import settings
from django.db import migrations


def move_teams(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Team = apps.get_model("meldkanaal", "Team")
    Teamlidmaatschap = apps.get_model("meldkanaal", "Teamlidmaatschap")
    Melding = apps.get_model("meldkanaal", "Melding")
    Route = apps.get_model("meldkanaal", "Route")
    Notificatie = apps.get_model("meldkanaal", "Notificatie")
    User = apps.get_model(settings.AUTH_USER_MODEL)

    team_group_ids = set(
        Group.objects.filter(
            permissions__codename="behandel_melding",
            permissions__content_type__app_label="meldkanaal",
        ).values_list("pk", flat=True)
    )
    for model in (Melding, Route, Notificatie):
        team_group_ids |= set(model.objects.values_list("team_id", flat=True))
    admin_ids = set(
        User.objects.filter(
            groups__permissions__codename="change_route",
            groups__permissions__content_type__app_label="meldkanaal",
        ).values_list("pk", flat=True)
    )
    mapping = {}
    for group in Group.objects.filter(pk__in=team_group_ids):
        team, _ = Team.objects.get_or_create(naam=group.name[:100])
        mapping[group.pk] = team
        for user in User.objects.filter(groups=group):
            Teamlidmaatschap.objects.get_or_create(
                team=team,
                gebruiker=user,
                defaults={"rol": "beheerder" if user.pk in admin_ids else "lid"},
            )
    for model in (Melding, Route, Notificatie):
        for group_id, team in mapping.items():
            model.objects.filter(team_id=group_id).update(nieuw_team=team)

    Permission.objects.filter(
        codename="behandel_melding", content_type__app_label="meldkanaal"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meldkanaal", "0007_team"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(move_teams)]
