"""What the search app stores: how often a search found nothing. Never who searched.

Popular searches are counted by Wagtail's own `Query` / `QueryDailyHits`
(wagtail.contrib.search_promotions); this table adds the searches that found nothing, per
day, so the Redactie sees which words employees use that the site does not answer.
"""

from django.db import models
from django.db.models import F
from django.utils import timezone

from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string


class ZeroResultQuery(models.Model):
    query_string = models.CharField("zoekterm", max_length=MAX_QUERY_STRING_LENGTH)
    date = models.DateField("datum")
    hits = models.PositiveIntegerField("aantal keer", default=0)

    class Meta:
        verbose_name = "zoekterm zonder resultaat"
        verbose_name_plural = "zoektermen zonder resultaat"
        constraints = [
            models.UniqueConstraint(fields=["query_string", "date"], name="search_zero_per_day")
        ]
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
