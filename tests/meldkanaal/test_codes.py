"""Follow-up codes: an HMAC under a rotatable server key; old slow hashes still work."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

import pytest

from meldkanaal import services
from meldkanaal.models import Melding
from meldkanaal.services.codes import normalize_code
from tests.meldkanaal.factories import make_report

pytestmark = pytest.mark.django_db

URL = "/melden/opvolgen/"


def _stored(melding) -> str:
    return Melding.objects.values_list("opvolgcode_hash", flat=True).get(pk=melding.pk)


def test_a_new_code_is_an_hmac_of_the_newest_key_not_a_password_hash(settings):
    melding, code = make_report()

    stored = _stored(melding)
    scheme, _key_id, digest = stored.split("$")
    assert scheme == "hmac-sha256"
    assert len(digest) == 64
    assert normalize_code(code) not in stored
    assert services.find_by_code(code) == melding
    assert services.find_by_code(code[:-1] + ("A" if code[-1] != "A" else "B")) is None
    # Another server key gives another hash: the database alone cannot test a code.
    settings.MELDKANAAL_CODE_KEYS = ["a-different-key"]
    assert services.find_by_code(code) is None


class FewRoundsPBKDF2(PBKDF2PasswordHasher):
    """The hashes stored before: PBKDF2 (the rounds are in the hash; fewer keep the test fast)."""

    iterations = 1000


def test_an_old_pbkdf2_hash_still_opens_and_is_replaced_on_use(client, form_page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    melding, code = make_report()
    old = make_password(normalize_code(code), hasher=FewRoundsPBKDF2())
    assert old.startswith("pbkdf2_sha256$1000$")
    Melding.objects.filter(pk=melding.pk).update(opvolgcode_hash=old)

    response = client.post(URL, {"code": code})

    assert response.status_code == 303
    assert client.get(URL).status_code == 200  # the cookie holds the fingerprint of the new hash
    assert _stored(melding).startswith("hmac-sha256$")
    assert services.find_by_code(code) == melding


def test_rotating_the_code_key_rehashes_on_the_next_use(settings):
    settings.MELDKANAAL_CODE_KEYS = ["oude-sleutel"]
    melding, code = make_report()
    under_old = _stored(melding)

    settings.MELDKANAAL_CODE_KEYS = ["nieuwe-sleutel", "oude-sleutel"]
    assert services.find_by_code(code) == melding
    under_new = _stored(melding)
    assert under_new != under_old
    assert under_new.split("$")[1] != under_old.split("$")[1]  # another key id

    settings.MELDKANAAL_CODE_KEYS = ["nieuwe-sleutel"]  # the old key may now go
    assert services.find_by_code(code) == melding


def test_a_code_whose_key_was_dropped_no_longer_opens(settings):
    settings.MELDKANAAL_CODE_KEYS = ["weggegooide-sleutel"]
    _melding, code = make_report()

    settings.MELDKANAAL_CODE_KEYS = ["nieuwe-sleutel"]

    assert services.find_by_code(code) is None


def test_a_cleaned_up_report_has_no_code(settings):
    melding, code = make_report()
    Melding.objects.filter(pk=melding.pk).update(opvolgcode_hash="")

    assert services.find_by_code(code) is None
