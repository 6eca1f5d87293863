"""What the search app stores: how often a term was searched, and how often it found
nothing, per day. Never who searched.

Every search is counted here first (`SearchCount`). Wagtail's own `Query` /
`QueryDailyHits` (wagtail.contrib.search_promotions) get a term only once it was searched
often enough to show (search/statistics.py): Wagtail's views list every term they hold.
`ZeroResultQuery` adds the searches that found nothing, so the Redactie sees which words
employees use that the site does not answer.
"""

import datetime

from django.db import connection, models
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
    def add_hit(cls, query_string: str, since: datetime.date | None = None) -> int:
        """One more search of the term today, in one SQL statement (an upsert on the unique
        term and day); returns the term's count since `since` (today included), or today's
        count without it."""
        normalised = normalise_query_string(query_string)
        today = timezone.localdate()
        table, term, day, hits = (
            connection.ops.quote_name(name)
            for name in (cls._meta.db_table, "query_string", "date", "hits")
        )
        params: list = [normalised, today]
        recent = ""
        if since is not None:
            # Earlier days as the statement found them (today's row is the one returned).
            recent = (
                f" + (SELECT COALESCE(SUM(earlier.{hits}), 0) FROM {table} AS earlier"  # noqa: S608
                f" WHERE earlier.{term} = %s AND earlier.{day} >= %s AND earlier.{day} < %s)"
            )
            params += [normalised, since, today]
        # Names from the model's own table, values as parameters; PostgreSQL and SQLite
        # (3.35 or later) both know ON CONFLICT … DO UPDATE and RETURNING.
        sql = (
            f"INSERT INTO {table} ({term}, {day}, {hits}) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT ({term}, {day}) DO UPDATE SET {hits} = {table}.{hits} + 1 "
            f"RETURNING {table}.{hits}{recent}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])


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


def _split_words(value: str) -> list[str]:
    """ "social media, LinkedIn\ntwitter" -> ["social media", "LinkedIn", "twitter"]."""
    parts = (part.strip() for line in value.splitlines() for part in line.split(","))
    return list(dict.fromkeys(part for part in parts if part))


class Synoniem(models.Model):
    """A word employees type and the words the site's texts use for it, kept by the Redactie.

    Applied to searches only, on every backend, both ways: searching the term also finds
    the words, and searching one of the words also finds the term (search/synonyms.py).
    """

    term = models.CharField(
        "zoekwoord",
        max_length=100,
        unique=True,
        help_text="Een woord of twee woorden, zoals ‘sociale media’ of ‘declaratie’.",
    )
    words = models.TextField(
        "betekent ook",
        help_text="Woorden met dezelfde betekenis, gescheiden door komma’s, zoals "
        "‘social media, LinkedIn, twitter’. Wie een van deze woorden zoekt, vindt ook "
        "pagina’s met het zoekwoord, en andersom. Woorden van één letter (zoals ‘X’) werken niet.",
    )

    class Meta:
        ordering = ["term"]
        verbose_name = "synoniem"
        verbose_name_plural = "synoniemen"

    def __str__(self):
        return self.term

    @property
    def word_list(self) -> list[str]:
        return _split_words(self.words)

    def clean(self):
        from django.core.exceptions import ValidationError

        from search.analysis import analyze

        self.term = " ".join(self.term.split())
        errors = {}
        if not analyze(self.term):
            errors["term"] = (
                "Dit zoekwoord heeft geen woord waarop gezocht wordt (alleen kleine woorden "
                "zoals ‘de’ of ‘het’, of één letter). Kies een ander woord."
            )
        words = self.word_list
        useless = [w for w in words if not analyze(w)]
        same = [w for w in words if analyze(w) and analyze(w) == analyze(self.term)]
        if not words:
            errors["words"] = "Vul minstens één woord in, bijvoorbeeld ‘social media’."
        elif useless:
            errors["words"] = (
                "Op deze woorden wordt niet gezocht (te kort of alleen kleine woorden): "
                + ", ".join(f"‘{w}’" for w in useless)
                + ". Haal ze weg."
            )
        elif same:
            errors["words"] = "Deze woorden zijn hetzelfde als het zoekwoord: " + ", ".join(
                f"‘{w}’" for w in same
            )
        if errors:
            raise ValidationError(errors)
        self.words = ", ".join(words)
