"""What the search app stores: how often a term was searched, and how often it found
nothing, per day. Never who searched.

Every search is counted here first (`SearchCount`). Wagtail's own `Query` /
`QueryDailyHits` (wagtail.contrib.search_promotions) get a term only once it was searched
often enough to show (search/statistics.py): Wagtail's views list every term they hold.
`ZeroResultQuery` adds the searches that found nothing, so the Redactie sees which words
employees use that the site does not answer.
"""

from django.db import models
from django.db.models import F
from django.utils import timezone

from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string


class DailyCount(models.Model):
    """A count per search term and day."""

    query_string = models.CharField("zoekterm", max_length=MAX_QUERY_STRING_LENGTH)
    date = models.DateField("datum")
    hits = models.PositiveIntegerField("aantal keer", default=0)

    class Meta:
        abstract = True
        ordering = ["-date", "-hits"]

    def __str__(self):
        return self.query_string

    @classmethod
    def add_hit(cls, query_string: str) -> None:
        normalised = normalise_query_string(query_string)
        row, _ = cls.objects.get_or_create(
            query_string=normalised, date=timezone.localdate(), defaults={"hits": 0}
        )
        cls.objects.filter(pk=row.pk).update(hits=F("hits") + 1)


class SearchCount(DailyCount):
    class Meta(DailyCount.Meta):
        verbose_name = "zoekterm"
        verbose_name_plural = "zoektermen"
        constraints = [
            models.UniqueConstraint(fields=["query_string", "date"], name="search_count_per_day")
        ]


class ZeroResultQuery(DailyCount):
    class Meta(DailyCount.Meta):
        verbose_name = "zoekterm zonder resultaat"
        verbose_name_plural = "zoektermen zonder resultaat"
        constraints = [
            models.UniqueConstraint(fields=["query_string", "date"], name="search_zero_per_day")
        ]
