"""The hash chain over the rows already in the audit log and the security log (chain.py)."""

from django.db import migrations

from meldkanaal.models.chain import chain_hash

FIELDS = {
    "AuditLog": ("melding_id", "nummer", "gebruiker_id", "actie", "detail", "tijdstip"),
    "Beveiligingsregel": (
        "tijdstip",
        "soort",
        "door_id",
        "door_naam",
        "betreft_id",
        "betreft_naam",
        "team_id",
        "detail",
    ),
}


def fill_chain(apps, schema_editor):
    for name, fields in FIELDS.items():
        model = apps.get_model("meldkanaal", name)
        vorige = ""
        for row in model.objects.order_by("pk").iterator():
            row_hash = chain_hash(vorige, {f: getattr(row, f) for f in fields})
            model.objects.filter(pk=row.pk).update(vorige_hash=vorige, hash=row_hash)
            vorige = row_hash


class Migration(migrations.Migration):
    dependencies = [("meldkanaal", "0010_audit_append_only")]

    operations = [migrations.RunPython(fill_chain, migrations.RunPython.noop)]
