"""Follow-up codes: made once, shown once, stored only as a prefix and a keyed hash.

A code is 120 random bits, so nobody can guess it and no slow password hash is needed
(docs/adr: "Follow-up codes: HMAC, not a password hash"). It is stored as HMAC-SHA256 under
a server key (MELDKANAAL_CODE_KEYS, newest first, rotatable): a copy of the database alone
does not let anyone test a code. Hashes from before (Django's PBKDF2) still verify, and are
replaced by the HMAC of the newest key on the next successful use, as are HMACs of an older key.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ImproperlyConfigured

from ..models import Melding

# 24 characters from a 32-letter alphabet (no 0/O, 1/I): 120 bits. The first 4 characters
# are stored in plain text to find the case; the rest (100 bits) only exists as a keyed hash.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 24
CODE_PREFIX_LENGTH = 4
HMAC_SCHEME = "hmac-sha256"


def new_follow_up_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_prefix(code: str) -> str:
    return normalize_code(code)[:CODE_PREFIX_LENGTH]


def _code_keys() -> list[bytes]:
    keys = [key.encode() for key in settings.MELDKANAAL_CODE_KEYS if key]
    if not keys:
        raise ImproperlyConfigured("MELDKANAAL_CODE_KEY is not set: codes cannot be hashed.")
    return keys


def _key_id(key: bytes) -> str:
    # Names the key in the stored hash without revealing it, so rotation finds the right one.
    return hashlib.sha256(b"meldkanaal-code-key:" + key).hexdigest()[:8]


def _hmac(key: bytes, normalized: str) -> str:
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


def hash_code(code: str) -> str:
    """The stored form of a code: `hmac-sha256$<key id>$<hex>` under the newest key."""
    key = _code_keys()[0]
    return f"{HMAC_SCHEME}${_key_id(key)}${_hmac(key, normalize_code(code))}"


def check_code(normalized: str, stored: str) -> tuple[bool, bool]:
    """(matches, should be re-hashed): an old key's HMAC or an old slow hash is replaced."""
    if not stored:
        return False, False
    if stored.startswith(HMAC_SCHEME + "$"):
        _scheme, key_id, digest = stored.split("$", 2)
        keys = _code_keys()
        for index, key in enumerate(keys):
            if _key_id(key) == key_id:
                return hmac.compare_digest(_hmac(key, normalized), digest), index > 0
        return False, False  # its key was dropped from the list
    return check_password(normalized, stored), True


def find_by_code(code: str) -> Melding | None:
    """The report this follow-up code belongs to, or None."""
    normalized = normalize_code(code)
    if len(normalized) != CODE_LENGTH:
        return None
    candidates = Melding.objects.filter(opvolgcode_prefix=normalized[:CODE_PREFIX_LENGTH])
    for melding in candidates:
        matches, outdated = check_code(normalized, melding.opvolgcode_hash)
        if not matches:
            continue
        if outdated:
            # Only if still the hash we checked (the retention clean-up may have emptied it).
            melding.opvolgcode_hash, old = hash_code(normalized), melding.opvolgcode_hash
            Melding.objects.filter(pk=melding.pk, opvolgcode_hash=old).update(
                opvolgcode_hash=melding.opvolgcode_hash
            )
        return melding
    return None
