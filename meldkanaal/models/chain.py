"""Append-only records with a hash chain (the audit log and the security log).

Each row carries the SHA-256 of the row before it and of its own fields. The database refuses
UPDATE and DELETE on these tables (triggers, migration 0012); whoever gets around that (a
database superuser) breaks the chain, and `manage.py meldkanaal_audit_controleren` finds it.
Rows are appended one at a time: on PostgreSQL under an advisory lock per table, on SQLite
writers are serialised anyway.
"""

import datetime
import hashlib
import json

from django.db import connection, models, transaction


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return str(value)


def chain_hash(vorige: str, fields: dict) -> str:
    payload = json.dumps({k: _plain(v) for k, v in fields.items()}, sort_keys=True)
    return hashlib.sha256(f"{vorige}\n{payload}".encode()).hexdigest()


class AppendOnly(Exception):
    pass


class ChainedRecord(models.Model):
    vorige_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    # The fields (attnames) the hash covers; set by each model.
    CHAIN_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly(f"{type(self).__name__} kan alleen worden aangevuld.")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(hashtext(%s))", [self._meta.db_table]
                    )
            last = type(self).objects.order_by("-pk").values_list("hash", flat=True).first()
            self.vorige_hash = last or ""
            self.hash = self.expected_hash()
            super().save(*args, **kwargs)

    def chain_fields(self) -> dict:
        return {name: getattr(self, name) for name in self.CHAIN_FIELDS}

    def expected_hash(self) -> str:
        return chain_hash(self.vorige_hash, self.chain_fields())

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{type(self).__name__} kan alleen worden aangevuld.")


def broken_links(model) -> list[str]:
    """Where the chain of `model` is broken, in Dutch; empty when it is whole."""
    problems = []
    vorige = ""
    for row in model.objects.order_by("pk").iterator():
        if row.vorige_hash != vorige:
            problems.append(
                f"{model._meta.verbose_name_plural}: regel {row.pk} volgt niet op de regel "
                "ervoor (een regel is verwijderd of gewijzigd)."
            )
        if row.hash != row.expected_hash():
            problems.append(
                f"{model._meta.verbose_name_plural}: regel {row.pk} is gewijzigd na het schrijven."
            )
        vorige = row.hash
    return problems
