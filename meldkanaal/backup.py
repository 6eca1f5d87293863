"""Backup and restore of the meldkanaal: the database, the encrypted attachment store, a manifest.

A backup is a folder (mode 0700) with:
- `database.dump` (pg_dump's custom format) or `database.sqlite3` (SQLite's backup API);
- `bijlagen/`, a copy of MELDKANAAL_STORAGE_ROOT: the attachments, still encrypted;
- `manifest.json`: when, which database engine, the number of rows per table as they are in
  the dump, the SHA-256 of the dump and of every attachment file, and the fingerprints
  (SHA-256, 16 hex) of the keys that were configured, so a restore can say which key it needs.

The key itself is never in the backup: reports are Fernet tokens in the dump and in the
files, and MELDKANAAL_KEY lives with the deployment's secrets (docs/backup.md). Keep every
key a backup was made with as long as that backup is kept; after a rotation, old keys stay
at the end of MELDKANAAL_KEY (they decrypt, the first one encrypts).

Consistency: on PostgreSQL the counts and the dump read one exported snapshot; the store is
copied after the dump, and every attachment is written before its row is committed, so each
row in the dump finds its file (files of later reports are copied too, harmlessly).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from cryptography.fernet import InvalidToken

from .crypto import EncryptedTextField, fernet

MANIFEST = "manifest.json"
STORE = "bijlagen"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A Dutch sentence for the operator: what is wrong and what to do."""


def key_fingerprint(key: str | bytes) -> str:
    key = key.encode() if isinstance(key, str) else key
    return hashlib.sha256(key).hexdigest()[:16]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def counted_models():
    """The tables a restore must bring back whole: the meldkanaal, users, pages."""
    models = list(apps.get_app_config("meldkanaal").get_models())
    models += [apps.get_model("auth", "User"), apps.get_model("wagtailcore", "Page")]
    return models


def count_rows(cursor) -> dict[str, int]:
    counts = {}
    for model in counted_models():
        table = model._meta.db_table
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (our own table names)
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    environment = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} mislukte: {result.stderr.strip()[:2000]}")


# --- making a backup -----------------------------------------------------------------


def make_backup(output: Path, *, using: str = "default", storage_root: Path | None = None):
    """Write a backup folder under `output` and return its path."""
    storage_root = Path(storage_root or settings.MELDKANAAL_STORAGE_ROOT)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = Path(output) / f"integriteitsplein-{stamp}"
    folder.mkdir(parents=True, mode=0o700)
    connection = connections[using]
    if connection.vendor == "postgresql":
        dump, counts = _dump_postgresql(connection, folder / PG_DUMP)
    elif connection.vendor == "sqlite":
        dump, counts = _dump_sqlite(connection, folder / SQLITE_DUMP)
    else:
        raise BackupError(f"Een back-up van {connection.vendor} kan dit commando niet maken.")
    attachments = _copy_store(storage_root, folder / STORE)
    manifest = {
        "formaat": FORMAT_VERSION,
        "gemaakt_op": timezone.now().isoformat(),
        "database": {"soort": connection.vendor, "bestand": dump.name, "sha256": _sha256(dump)},
        "tellingen": counts,
        "bijlagen": attachments,
        "sleutels": [key_fingerprint(key) for key in settings.MELDKANAAL_KEYS],
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    for path in folder.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)
    return folder


def _dump_postgresql(connection, target: Path) -> tuple[Path, dict[str, int]]:
    # One snapshot for the counts and the dump: the manifest describes exactly the dump.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={target}"],
            _pg_environment(connection.settings_dict),
        )  # fmt: skip
    return target, counts


def _dump_sqlite(connection, target: Path) -> tuple[Path, dict[str, int]]:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)  # a consistent copy, also of a live file
        counts = count_rows(destination.cursor())
    finally:
        destination.close()
    return target, counts


def _copy_store(source: Path, target: Path) -> dict[str, str]:
    checksums = {}
    target.mkdir(mode=0o700)
    if not source.exists():
        return checksums
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.name.endswith(".nieuw"):  # half a key rotation
            relative = path.relative_to(source)
            (target / relative).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copy2(path, target / relative)
            checksums[str(relative)] = _sha256(target / relative)
    return checksums


# --- restoring -----------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"{folder} is geen back-up: {MANIFEST} ontbreekt.")
    manifest = json.loads(path.read_text())
    if manifest.get("formaat") != FORMAT_VERSION:
        raise BackupError(f"Onbekend formaat van de back-up: {manifest.get('formaat')}.")
    return manifest


def check_files(folder: Path, manifest: dict) -> None:
    """Every file of the backup is there and unchanged (SHA-256 as in the manifest)."""
    folder = Path(folder)
    damaged = []
    dump = folder / manifest["database"]["bestand"]
    if not dump.exists() or _sha256(dump) != manifest["database"]["sha256"]:
        damaged.append(dump.name)
    for relative, checksum in manifest["bijlagen"].items():
        path = folder / STORE / relative
        if not path.exists() or _sha256(path) != checksum:
            damaged.append(f"{STORE}/{relative}")
    if damaged:
        raise BackupError(
            f"De back-up is beschadigd of onvolledig ({len(damaged)} bestanden): "
            f"{', '.join(damaged[:10])}. Herstel niet uit deze back-up; neem een andere."
        )


def restore_backup(folder: Path, *, using: str = "default", storage_root: Path | None = None):
    """Restore a backup into an empty database and store, then verify it (see verify)."""
    folder = Path(folder)
    storage_root = Path(storage_root or settings.MELDKANAAL_STORAGE_ROOT)
    manifest = read_manifest(folder)
    check_files(folder, manifest)
    connection = connections[using]
    if manifest["database"]["soort"] != connection.vendor:
        raise BackupError(
            f"Deze back-up is van {manifest['database']['soort']}, de database is "
            f"{connection.vendor}."
        )
    if connection.introspection.table_names():
        raise BackupError(
            "De database is niet leeg. Herstel alleen in een nieuwe, lege database (zie "
            "docs/backup.md), zodat niets van de huidige gegevens verloren gaat."
        )
    if storage_root.exists() and any(storage_root.rglob("*")):
        raise BackupError(
            f"De map voor bijlagen ({storage_root}) is niet leeg. Herstel in een lege map."
        )
    dump = folder / manifest["database"]["bestand"]
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             f"--dbname={connection.settings_dict['NAME']}", str(dump)],
            _pg_environment(connection.settings_dict),
        )  # fmt: skip
    else:
        source = sqlite3.connect(dump)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    shutil.copytree(folder / STORE, storage_root, dirs_exist_ok=True)
    return verify(manifest, using=using, storage_root=storage_root)


@dataclass
class Verification:
    counts: dict[str, int] = field(default_factory=dict)
    decrypted_values: int = 0
    decrypted_attachments: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(manifest: dict, *, using: str = "default", storage_root: Path | None = None):
    """Prove a restored database and store: the counts of the manifest, and every encrypted
    value and attachment decrypts with the configured keys (read raw, row by row, so one
    bad row is named instead of stopping the check)."""
    storage_root = Path(storage_root or settings.MELDKANAAL_STORAGE_ROOT)
    result = Verification()
    connection = connections[using]
    with connection.cursor() as cursor:
        result.counts = count_rows(cursor)
        for table, expected in manifest["tellingen"].items():
            if result.counts.get(table) != expected:
                result.problems.append(
                    f"{table}: {result.counts.get(table)} rijen, de back-up had er {expected}."
                )
        keys = fernet()
        for model in counted_models():
            columns = [f.column for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not columns:
                continue
            table = model._meta.db_table
            quoted = ", ".join(f'"{column}"' for column in columns)
            cursor.execute(f'SELECT id, {quoted} FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                for column, token in zip(columns, row[1:], strict=True):
                    if not token:
                        continue
                    try:
                        keys.decrypt(token.encode())
                    except InvalidToken:
                        result.problems.append(f"{table} {row[0]} {column}: niet te ontsleutelen.")
                    else:
                        result.decrypted_values += 1
    Bijlage = apps.get_model("meldkanaal", "Bijlage")
    for bijlage in Bijlage.objects.using(using).only("pk", "opslagnaam", "grootte").iterator():
        try:
            content = bijlage.lees(root=storage_root)
        except FileNotFoundError:
            result.problems.append(f"bijlage {bijlage.pk}: het bestand ontbreekt.")
        except InvalidToken:
            result.problems.append(f"bijlage {bijlage.pk}: niet te ontsleutelen.")
        else:
            if len(content) != bijlage.grootte:
                result.problems.append(f"bijlage {bijlage.pk}: de grootte klopt niet.")
            else:
                result.decrypted_attachments += 1
    if any("niet te ontsleutelen" in problem for problem in result.problems):
        configured = {key_fingerprint(key) for key in settings.MELDKANAAL_KEYS}
        missing = [fp for fp in manifest.get("sleutels", []) if fp not in configured]
        result.problems.append(
            "De sleutel waarmee deze gegevens versleuteld zijn, staat niet in MELDKANAAL_KEY. "
            f"Zet hem achteraan in de lijst (vingerafdruk: {', '.join(missing) or 'onbekend'})."
        )
    return result


def describe(result: Verification) -> str:
    lines = [f"{table}: {count} rijen" for table, count in sorted(result.counts.items())]
    lines.append(
        f"ontsleuteld: {result.decrypted_values} waarden, {result.decrypted_attachments} bijlagen"
    )
    return "\n".join(lines)
