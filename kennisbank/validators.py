"""Validators of the kennisbank's fields."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

EARLIEST_DATE = datetime.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest_date(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def validate_plausible_date(value: datetime.date) -> None:
    """A legal or news date between 1900 and ten years from today.

    The browser's date field accepts 01-01-0001 and 31-12-9999; on a policy page that
    reads "geldt vanaf 31 december 9999". Such a date is a typo, so it is refused.
    """
    if value is None:
        return
    latest = latest_date()
    if value < EARLIEST_DATE or value > latest:
        raise ValidationError(
            "Deze datum kan niet kloppen. Kies een datum tussen %(earliest)s en %(latest)s. "
            "Kijk vooral het jaartal na.",
            code="implausible_date",
            params={"earliest": date_format(EARLIEST_DATE), "latest": date_format(latest)},
        )
