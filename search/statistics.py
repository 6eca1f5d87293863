"""Counting searches for the Redactie's reports, without keeping a one-off term in sight.

A search term can say something about someone ("fraude jan de vries"), so a term shows
only once it was searched MIN_SEARCHES times within REPORT_DAYS. Our own reports
(search/admin_views.py) filter on that; Wagtail's views do not: the chooser "Kies uit
populaire zoektermen" when adding a promoted result and the superuser's report "Zoektermen"
list every term in Wagtail's `Query` / `QueryDailyHits`. So every search is counted in
`SearchCount`, and a term reaches Wagtail's tables only once it passes the threshold (with
its daily counts so far); `manage.py zoektermen_opschonen` takes it out again when its
recent count falls below it.
"""

import datetime
import logging

from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from search.models import SearchCount, ZeroResultQuery

logger = logging.getLogger(__name__)

REPORT_DAYS = 90
# A term searched by one person once or twice is not shown (it may name a colleague).
MIN_SEARCHES = 3


def report_since() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=REPORT_DAYS)


def record_search(query_string: str, found: bool) -> None:
    """Count one search of a term (never who searched), and whether it found nothing.

    One SQL statement for a term below the threshold, two for a term shown in Wagtail's
    tables (our count, then Wagtail's): the search page's query budget
    (tests/search/test_query_budget.py) counts them. They run in one transaction, so
    readers who search the same term at the same moment wait for each other on the
    term's row of today and the step into Wagtail's tables is taken once (taken by
    several at once, it broke Wagtail's unique (term, day): a 503 under load).

    A count that cannot be written (a database error) is lost, not the reader's results:
    it is logged without the term (a term may name someone) and the search page answers
    as usual (inside another transaction, the savepoint keeps that one usable)."""
    term = normalise_query_string(query_string)
    if not term:
        return
    try:
        with transaction.atomic():
            total = SearchCount.add_hit(term, since=report_since())
            if not found:
                ZeroResultQuery.add_hit(term)
            _share_with_wagtail(term, total)
    except DatabaseError as error:
        logger.warning("Zoekopdracht niet geteld: %s", type(error).__name__)


def _share_with_wagtail(term: str, total: int) -> None:
    """`total`: the term's searches within REPORT_DAYS, this one included."""
    if total < MIN_SEARCHES:
        return
    # Shared before: one more today. Today as our counts have it (the local day): Wagtail's
    # default is the UTC date, yesterday until 01:00 or 02:00 here.
    if total > MIN_SEARCHES and _add_wagtail_hit(term, timezone.localdate()):
        return
    # Just reached the threshold (or Wagtail's term was cleaned up meanwhile): Wagtail gets
    # the daily counts so far, written over whatever it holds for those days.
    query = Query.get(term)
    recent = SearchCount.objects.filter(query_string=term, date__gte=report_since())
    counts = dict(recent.values_list("date", "hits"))
    QueryDailyHits.objects.filter(query=query).exclude(date__in=counts).delete()
    QueryDailyHits.objects.bulk_create(
        [QueryDailyHits(query=query, date=date, hits=hits) for date, hits in counts.items()],
        update_conflicts=True,
        unique_fields=["query", "date"],
        update_fields=["hits"],
    )


def _add_wagtail_hit(term: str, day: datetime.date) -> bool:
    """`Query.get(term).add_hit(day)` in one statement (Wagtail's takes four); False when
    Wagtail holds no such term."""
    quote = connection.ops.quote_name
    hits_table, query_table = QueryDailyHits._meta.db_table, Query._meta.db_table
    query_id, date, hits = (quote(name) for name in ("query_id", "date", "hits"))
    sql = (
        f"INSERT INTO {quote(hits_table)} ({query_id}, {date}, {hits}) "  # noqa: S608
        f"SELECT {quote('id')}, %s, 1 FROM {quote(query_table)} WHERE {quote('query_string')} = %s "
        f"ON CONFLICT ({query_id}, {date}) DO UPDATE SET {hits} = {quote(hits_table)}.{hits} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, term])
        return cursor.rowcount > 0


def terms_below_threshold() -> set[str]:
    """Terms in Wagtail's tables whose recent count no longer reaches MIN_SEARCHES."""
    shown = set(QueryDailyHits.objects.values_list("query__query_string", flat=True))
    enough = set(
        SearchCount.objects.filter(date__gte=report_since(), query_string__in=shown)
        .values("query_string")
        .annotate(total=Sum("hits"))
        .filter(total__gte=MIN_SEARCHES)
        .values_list("query_string", flat=True)
    )
    return shown - enough


def clean_up() -> int:
    """Remove counts older than REPORT_DAYS and Wagtail's counts of terms that fell below
    the threshold; then the terms without counts or a promotion. Returns rows removed."""
    before = report_since()
    removed = 0
    for model in (SearchCount, ZeroResultQuery):
        removed += model.objects.filter(date__lt=before).delete()[0]
    removed += QueryDailyHits.objects.filter(date__lt=before).delete()[0]
    fallen = terms_below_threshold()
    if fallen:
        removed += QueryDailyHits.objects.filter(query__query_string__in=fallen).delete()[0]
    Query.garbage_collect()  # terms without counts and without a promotion
    return removed
