"""Encryption at rest for the meldkanaal (Fernet, with key rotation through MultiFernet).

MELDKANAAL_KEYS is a list of Fernet keys: the first encrypts, every key decrypts. To rotate,
put a new key first, keep the old ones, run `manage.py meldkanaal_sleutel_roteren`, and then
drop the old keys. Content, identity, messages and attachment files pass through here;
nothing of a report is stored in plain text.
"""

import json
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = [
    "EncryptedJSONField",
    "EncryptedTextField",
    "InvalidToken",
    "decrypt_bytes",
    "encrypt_bytes",
    "encrypt_stored",
    "fernet",
]


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("MELDKANAAL_KEY is not set: reports cannot be encrypted.")
    return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])


def fernet() -> MultiFernet:
    """The MultiFernet for the configured keys (cached per key list, so settings may change)."""
    return _multifernet(tuple(settings.MELDKANAAL_KEYS))


def day_timestamp() -> int:
    """Midnight of today (local time) as a Unix time: the only time a stored token carries.

    A Fernet token records when it was made, to the second, readable without the key. Stored
    content is encrypted "at" the start of its day, so no column or file dates a report finer
    than its day (issue 11: no clock on anonymous reports). Cookies keep the real time, which
    their TTL needs; they stay in the reporter's browser.
    """
    import datetime

    from django.utils import timezone

    midnight = datetime.datetime.combine(timezone.localdate(), datetime.time())
    return int(timezone.make_aware(midnight).timestamp())


def encrypt_stored(data: bytes) -> bytes:
    """Encrypt something that is stored (database, disk), dated by the day only."""
    return fernet().encrypt_at_time(data, day_timestamp())


def encrypt_bytes(data: bytes) -> bytes:
    return encrypt_stored(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def rotate_token(token: str) -> str:
    """Re-encrypt a stored token with the first (newest) key."""
    return fernet().rotate(token.encode()).decode()


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token; Python code sees the plain text.

    An empty string is stored as an empty string (nothing to hide, and it keeps "no value"
    visible after the retention clean-up). Lookups on the plain text are impossible by design.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return fernet().decrypt(value.encode()).decode()

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt_stored(value.encode()).decode()


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (e.g. answers to extra questions) stored as one Fernet token."""

    def from_db_value(self, value, expression, connection):
        text = super().from_db_value(value, expression, connection)
        return json.loads(text) if text else {}

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value) if value else {}
        return value or {}

    def get_prep_value(self, value):
        if not value:
            return ""
        return encrypt_stored(json.dumps(value, ensure_ascii=False).encode()).decode()

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)
