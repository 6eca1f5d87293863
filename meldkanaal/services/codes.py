"""Follow-up codes: made once, shown once, stored only as a prefix and a slow hash."""

import secrets

from django.contrib.auth.hashers import check_password, make_password

from ..models import Melding

# 24 characters from a 32-letter alphabet (no 0/O, 1/I): 120 bits. The first 4 characters
# are stored in plain text to find the case; the rest (100 bits) only exists as a slow hash.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 24
CODE_PREFIX_LENGTH = 4


def new_follow_up_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_prefix(code: str) -> str:
    return normalize_code(code)[:CODE_PREFIX_LENGTH]


def find_by_code(code: str) -> Melding | None:
    """The report this follow-up code belongs to, or None (constant work per candidate)."""
    normalized = normalize_code(code)
    if len(normalized) != CODE_LENGTH:
        return None
    candidates = list(Melding.objects.filter(opvolgcode_prefix=normalized[:CODE_PREFIX_LENGTH]))
    if not candidates:
        # Hash anyway, so the answer takes as long whether or not the prefix exists.
        make_password(normalized)
    for melding in candidates:
        if melding.opvolgcode_hash and check_password(normalized, melding.opvolgcode_hash):
            return melding
    return None
