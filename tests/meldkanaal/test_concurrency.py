"""20 reports at the same moment against PostgreSQL get 20 different case numbers."""

from django.db import connection

import pytest

from meldkanaal.models import Melding
from tests.at_once import at_once
from tests.meldkanaal.factories import make_report

THREADS = 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_get_unique_numbers():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite serialises writers and has no row locks "
            "(run with DATABASE_URL=postgres://...)."
        )
    # A transactional test starts from whatever the one before left (test_backup's flush
    # leaves no routes): make the first team and its routes as migrate does.
    from meldkanaal.teams import ensure_defaults

    ensure_defaults()
    errors = at_once(make_report, THREADS)

    assert errors == []
    numbers = list(Melding.objects.values_list("nummer", flat=True))
    assert len(numbers) == THREADS
    assert len(set(numbers)) == THREADS
    assert sorted(Melding.objects.values_list("volgnummer", flat=True)) == list(
        range(1, THREADS + 1)
    )
