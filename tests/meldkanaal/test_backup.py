"""Backup and restore, drilled: a backup restored into a fresh database and store gives back
every report and attachment, decryptable, with the counts of the manifest — also after the
keys were rotated since the backup."""

import json
import uuid

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

import pytest
from cryptography.fernet import Fernet

from meldkanaal import services
from meldkanaal.backup import BackupError, key_fingerprint, make_backup, restore_backup
from meldkanaal.models import Bericht, Bijlage, Melding
from tests.crafted_files import PDF, docx
from tests.meldkanaal.factories import CANARY, make_report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OLD_KEY = "WGHeAdi5xMlzZfU1RB4YGJr0jSSVDtzBVLfIfiigDOw="  # the test settings' key


@pytest.fixture(autouse=True)
def _own_store(settings, tmp_path):
    settings.MELDKANAAL_STORAGE_ROOT = tmp_path / "bijlagen"


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database beside the test database (PostgreSQL or an SQLite file)."""
    alias = f"herstel_{uuid.uuid4().hex[:8]}"
    config = dict(connections["default"].settings_dict)
    if connection.vendor == "postgresql":
        config["NAME"] = f"{config['NAME']}_{alias}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    else:
        config["NAME"] = str(tmp_path / f"{alias}.sqlite3")
    # Made once from the settings and then left out of them: Django's test case allows a
    # connection it did not declare only when the alias is not among the configured ones.
    connections.settings[alias] = config
    connections[alias]
    del connections.settings[alias]
    yield alias
    connections[alias].close()
    del connections[alias]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')


def _reports_with_attachments():
    big = PDF + b"0" * (2 * 1024 * 1024 + 17)  # three parts in the store
    make_report(
        bijlagen=[
            services.Upload("bewijs.pdf", big, "application/pdf"),
            services.Upload("verslag.docx", docx(), "application/msword"),
        ]
    )
    second, _ = make_report(identiteit="anoniem")
    services.reporter_message(
        second, f"Nog iets. {CANARY}", [services.Upload("foto.pdf", PDF, "application/pdf")]
    )
    return {bijlage.pk: bijlage.lees() for bijlage in Bijlage.objects.all()}


def test_a_backup_restores_into_a_fresh_database_and_store(tmp_path, fresh_database):
    contents = _reports_with_attachments()
    folder = make_backup(tmp_path / "backups")

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tellingen"]["meldkanaal_melding"] == 2
    assert manifest["tellingen"]["meldkanaal_bijlage"] == 3
    assert len(manifest["bijlagen"]) == 3
    assert manifest["sleutels"] == [key_fingerprint(OLD_KEY)]
    # The key is never in the backup; the reports are not readable in it.
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert OLD_KEY.encode() not in data
            assert CANARY.encode() not in data
            assert path.stat().st_mode & 0o077 == 0

    store = tmp_path / "herstelde-bijlagen"
    result = restore_backup(folder, using=fresh_database, storage_root=store)

    assert result.ok, result.problems
    assert result.counts == manifest["tellingen"]
    assert result.decrypted_attachments == 3
    restored = Melding.objects.using(fresh_database)
    assert sorted(m.beschrijving for m in restored) == sorted(
        m.beschrijving for m in Melding.objects.all()
    )
    assert Bericht.objects.using(fresh_database).get().tekst == f"Nog iets. {CANARY}"
    for bijlage in Bijlage.objects.using(fresh_database):
        assert bijlage.lees(root=store) == contents[bijlage.pk]


def test_a_backup_from_before_a_key_rotation_still_restores(tmp_path, fresh_database, settings):
    _reports_with_attachments()
    folder = make_backup(tmp_path / "backups")

    new_key = Fernet.generate_key().decode()
    settings.MELDKANAAL_KEYS = [new_key, OLD_KEY]
    call_command("meldkanaal_sleutel_roteren")  # the live data now uses the new key
    store = tmp_path / "herstelde-bijlagen"
    result = restore_backup(folder, using=fresh_database, storage_root=store)

    assert result.ok, result.problems
    assert result.decrypted_attachments == 3

    # Drop the old key too early, and the check names the key that is missing.
    settings.MELDKANAAL_KEYS = [new_key]
    from meldkanaal.backup import read_manifest, verify

    failed = verify(read_manifest(folder), using=fresh_database, storage_root=store)
    assert not failed.ok
    assert f"vingerafdruk: {key_fingerprint(OLD_KEY)}" in failed.problems[-1]
    # The live data, rotated, reads with the new key alone.
    assert all(b.lees() for b in Bijlage.objects.all())
    assert Melding.objects.count() == 2


def test_a_damaged_backup_or_a_used_database_is_refused(tmp_path, fresh_database):
    _reports_with_attachments()
    folder = make_backup(tmp_path / "backups")

    with pytest.raises(BackupError, match="niet leeg"):
        restore_backup(folder, using="default", storage_root=tmp_path / "leeg")

    attachment = next(p for p in (folder / "bijlagen").rglob("*") if p.is_file())
    attachment.write_bytes(attachment.read_bytes()[:-10])
    with pytest.raises(BackupError, match="beschadigd"):
        restore_backup(folder, using=fresh_database, storage_root=tmp_path / "leeg")


def test_the_commands_make_and_verify_a_backup(tmp_path, capsys):
    _reports_with_attachments()
    call_command("meldkanaal_backup", output=str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    assert "2 meldingen, 3 bijlagebestanden" in capsys.readouterr().out

    call_command("meldkanaal_restore", str(folder), verify_only=True)
    assert "Alles klopt" in capsys.readouterr().out

    Melding.objects.filter(identiteit="anoniem").delete()
    with pytest.raises(CommandError, match="meldkanaal_melding: 1 rijen, de back-up had er 2"):
        call_command("meldkanaal_restore", str(folder), verify_only=True)
