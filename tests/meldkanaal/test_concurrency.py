"""20 reports at the same moment against PostgreSQL get 20 different case numbers."""

import threading

from django.db import connection, connections

import pytest

from meldkanaal.models import Melding
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
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def submit():
        try:
            barrier.wait()
            make_report()
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=submit) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    numbers = list(Melding.objects.values_list("nummer", flat=True))
    assert len(numbers) == THREADS
    assert len(set(numbers)) == THREADS
    assert sorted(Melding.objects.values_list("volgnummer", flat=True)) == list(
        range(1, THREADS + 1)
    )
