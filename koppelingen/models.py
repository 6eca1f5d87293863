"""Keys that let another application or a feed reader read the plein without a browser session.

A key is a random 256-bit secret shown once. Only its SHA-256 is stored: a key that is
not a password a person picks needs no slow hash (nobody can guess 2^256), and a fast
hash lets every API call be checked without a worker spending 300 ms on it.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

KEY_BYTES = 32


def new_secret() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class KoppelingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ingetrokken_op__isnull=True)

    def find_by_key(self, secret: str) -> "Koppeling | None":
        if not secret or len(secret) > 200:
            return None
        return self.active().filter(sleutel_hash=digest(secret)).first()


class Koppeling(models.Model):
    """An application (the portal's news column, the HR system, a Teams tab) that reads the API."""

    naam = models.CharField(
        max_length=100, unique=True, help_text="Bijvoorbeeld ‘Intranetportaal’."
    )
    omschrijving = models.TextField(
        blank=True, help_text="Wat de koppeling leest en wie haar beheert."
    )
    sleutel_hash = models.CharField(max_length=64, unique=True, editable=False)
    sleutel_begin = models.CharField(
        "begin van de sleutel", max_length=6, editable=False, help_text="Om sleutels te herkennen."
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)
    ingetrokken_op = models.DateTimeField(null=True, blank=True, editable=False)
    laatst_gebruikt_op = models.DateField(null=True, blank=True, editable=False)

    objects = KoppelingQuerySet.as_manager()

    class Meta:
        verbose_name = "koppeling"
        verbose_name_plural = "koppelingen"
        ordering = ["naam"]

    def __str__(self):
        return self.naam

    @property
    def is_active(self) -> bool:
        return self.ingetrokken_op is None

    @property
    def status(self) -> str:
        if self.is_active:
            return "Actief"
        return f"Ingetrokken op {timezone.localtime(self.ingetrokken_op):%d-%m-%Y}"

    def issue_key(self) -> str:
        """Give the koppeling a new key; the old one stops working. Returns the key once."""
        secret = new_secret()
        self.sleutel_hash = digest(secret)
        self.sleutel_begin = secret[:6]
        return secret

    def revoke(self) -> None:
        self.ingetrokken_op = timezone.now()
        self.save(update_fields=["ingetrokken_op"])

    def record_use(self) -> None:
        """Remember the day of the last use (once a day, not a write per request)."""
        today = timezone.localdate()
        if self.laatst_gebruikt_op != today:
            Koppeling.objects.filter(pk=self.pk).update(laatst_gebruikt_op=today)
            self.laatst_gebruikt_op = today


class Feedadres(models.Model):
    """An employee's private address for the news RSS and the agenda's iCal.

    A feed reader or calendar app cannot log in, so the address itself carries a key:
    `<user id>-<versie>-<HMAC of both with a key derived from SECRET_KEY>`. Nothing secret is
    stored, so "Mijn account" can show the address at any time; renewing raises the
    version and the old address stops working. The key opens the feeds only.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedadres"
    )
    versie = models.PositiveIntegerField(default=1)
    vernieuwd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "feedadres"
        verbose_name_plural = "feedadressen"

    def __str__(self):
        return f"Feedadres van {self.user}"

    @staticmethod
    def _signature(user_pk: int, versie: int) -> str:
        return salted_hmac(
            "koppelingen.feedadres", f"{user_pk}-{versie}", algorithm="sha256"
        ).hexdigest()[:32]

    @property
    def key(self) -> str:
        return f"{self.user_id}-{self.versie}-{self._signature(self.user_id, self.versie)}"

    @classmethod
    def for_user(cls, user) -> "Feedadres":
        feedadres, _ = cls.objects.get_or_create(user=user)
        return feedadres

    def renew(self) -> None:
        self.versie += 1
        self.vernieuwd_op = timezone.now()
        self.save(update_fields=["versie", "vernieuwd_op"])

    @classmethod
    def user_for_key(cls, key: str):
        """The active employee a feed key belongs to, or None (unknown, renewed, forged)."""
        try:
            user_pk, versie, signature = key.split("-", 2)
            user_pk, versie = int(user_pk), int(versie)
        except (AttributeError, ValueError):
            return None
        if not constant_time_compare(signature, cls._signature(user_pk, versie)):
            return None
        feedadres = (
            cls.objects.filter(user_id=user_pk, versie=versie, user__is_active=True)
            .select_related("user")
            .first()
        )
        return feedadres.user if feedadres else None
