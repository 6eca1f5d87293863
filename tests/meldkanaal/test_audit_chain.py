"""The audit log and the security log can only be added to: the database refuses UPDATE and
DELETE through the application's own connection, and a row removed around the triggers (by a
database superuser) breaks the hash chain, which `meldkanaal_audit_controleren` reports."""

import itertools
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

import pytest

from meldkanaal.constants import AuditActie, BeveiligingSoort
from meldkanaal.models import AuditLog, Beveiligingsregel
from meldkanaal.models.chain import AppendOnly
from tests.meldkanaal.factories import make_form_page, make_report, team_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(home_page):
    make_form_page(home_page)
    melding, _ = make_report()
    member = team_member()
    for _ in range(3):
        AuditLog.schrijf(melding, AuditActie.BERICHT, user=member, detail="x")
    Beveiligingsregel.schrijf(BeveiligingSoort.LOGIN_MISLUKT, detail="gebruikersnaam ‘x’")
    return list(AuditLog.objects.order_by("pk"))


def _check() -> str:
    out = StringIO()
    call_command("meldkanaal_audit_controleren", stdout=out, stderr=out)
    return out.getvalue()


def _as_database_superuser(sql: str, params=()):
    """Around the triggers, as only a superuser of the database can."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = DEFAULT")
        else:  # SQLite has no users: whoever has the file can; here as flush does
            connection.meldkanaal_onderhoud = True
            try:
                cursor.execute(sql, params)
            finally:
                connection.meldkanaal_onderhoud = False


@pytest.mark.parametrize("table", ["meldkanaal_auditlog", "meldkanaal_beveiligingsregel"])
def test_the_applications_connection_cannot_update_or_delete(rows, table):
    for sql in (f"UPDATE {table} SET detail = 'anders'", f"DELETE FROM {table}"):  # noqa: S608
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditLog.objects.filter(detail="anders").count() == 0
    assert AuditLog.objects.count() == len(rows)


def test_the_orm_refuses_too(rows):
    with pytest.raises(AppendOnly):
        rows[0].save()
    with pytest.raises(AppendOnly):
        rows[0].delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=rows[0].pk).update(detail="anders")


def test_the_chain_is_whole_and_each_row_points_at_the_one_before(rows):
    assert rows[0].vorige_hash == "" or AuditLog.objects.filter(hash=rows[0].vorige_hash)
    for before, after in itertools.pairwise(rows):
        assert after.vorige_hash == before.hash
    assert "keten heel" in _check()


def test_a_row_deleted_by_a_database_superuser_is_found(rows):
    victim = rows[1]
    _as_database_superuser("DELETE FROM meldkanaal_auditlog WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError, match="gebroken"):
        _check()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("meldkanaal_audit_controleren", stdout=out, stderr=out)
    assert f"regel {rows[2].pk} volgt niet op de regel ervoor" in out.getvalue()


def test_a_row_changed_by_a_database_superuser_is_found(rows):
    _as_database_superuser(
        "UPDATE meldkanaal_auditlog SET detail = 'verzonnen' WHERE id = %s", [rows[0].pk]
    )
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("meldkanaal_audit_controleren", stdout=out, stderr=out)
    assert f"regel {rows[0].pk} is gewijzigd na het schrijven" in out.getvalue()
