import re

from django.core.exceptions import ValidationError

_PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")


def validate_phone_number(value: str) -> None:
    """A number someone can dial: digits with spaces, dashes, brackets or a leading +.

    Internal extensions (4120) are fine; words ("0900 FOUT NUMMER", "abc") are not. These
    numbers are how employees reach help, so a typo must not reach every page.
    """
    digits = sum(char.isdigit() for char in value)
    if not _PHONE_CHARACTERS.match(value) or digits < 3 or digits > 15:
        raise ValidationError(
            "Vul een telefoonnummer in met cijfers, bijvoorbeeld 050 316 99 99 of "
            "+31 50 316 99 99.",
            code="invalid_phone",
        )
