"""PostgreSQL query plans for tests that check a query can read an index.

Test tables are small, so PostgreSQL might rightly read them whole; with sequential scans off
(`explain`) the plan shows whether an index path exists at all, which is what such a test is
about.
"""

import json

from django.db import connection


def plan_nodes(explained) -> list[dict]:
    """Every node of an `EXPLAIN (FORMAT JSON)` result, root first."""
    plan = json.loads(explained) if isinstance(explained, str) else explained

    def walk(node):
        yield node
        for child in node.get("Plans", []):
            yield from walk(child)

    return list(walk(plan[0]["Plan"]))


def explain(sql, params=None) -> list[dict]:
    """The nodes of the plan of `sql`, made with sequential scans off."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        explained = cursor.fetchone()[0]
        cursor.execute("RESET enable_seqscan")
    return plan_nodes(explained)
