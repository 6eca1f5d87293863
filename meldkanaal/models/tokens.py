"""One-time form tokens of the reporter's forms, in the database (not the cache).

A used token is a row whose unique key is a hash of the form's nonce, inserted in the same
transaction as the report or message it sent: a report and its token are stored together or
not at all, a second POST of the same form waits for the first one's transaction and then
finds the row, and a cache outage cannot break it. The row keeps, until it is shown, the
confirmation of the first POST encrypted with a key made from the nonce, which only the
reporter's browser holds (meldkanaal/views.py). It carries the day, never a time: rows of
earlier days are deleted by `meldkanaal_opschonen`.
"""

from django.db import models
from django.utils import timezone


class FormulierToken(models.Model):
    sleutel = models.CharField(max_length=64, unique=True)
    datum = models.DateField(default=timezone.localdate)
    bevestiging = models.TextField(blank=True)

    class Meta:
        verbose_name = "gebruikt formuliertoken"
        verbose_name_plural = "gebruikte formuliertokens"

    def __str__(self) -> str:
        return f"token van {self.datum:%d-%m-%Y}"


def delete_old_form_tokens(today=None) -> int:
    """Forget used tokens once their form can no longer be sent (a form token lives 24 hours,
    so a row of the day before yesterday guards nothing). Returns how many went."""
    import datetime

    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=2)
    deleted, _ = FormulierToken.objects.filter(datum__lt=cutoff).delete()
    return deleted
