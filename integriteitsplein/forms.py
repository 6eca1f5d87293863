import hashlib

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from wagtail.admin.forms.auth import LoginForm

from . import resilient_cache

# Wrong passwords per account before that account's login pauses, and for how long.
LOGIN_FAILURE_LIMIT = 10
LOGIN_PAUSE_SECONDS = 15 * 60


def _failures_key(username: str) -> str:
    # Keyed by the account (hashed), not by address: nothing about who tried is kept.
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"login-failures:{digest}"


class ThrottledLoginMixin:
    """Pause an account's login after LOGIN_FAILURE_LIMIT wrong passwords (cache, 15 min).

    Guessing a password then takes years instead of minutes. The counter lives in the
    shared cache (Redis in production), so every app process counts the same tries.
    """

    throttled_message = (
        "Er is te vaak een verkeerd wachtwoord ingevuld voor dit account. Wacht 15 minuten "
        "en probeer het dan opnieuw."
    )

    def clean(self):
        # With the cache down the pause is skipped (logged), never a 500: logging in matters
        # more than the pause, and the password check itself still runs.
        key = _failures_key(self.data.get("username", "") or "")
        if (resilient_cache.call("get", key, 0, default=0) or 0) >= LOGIN_FAILURE_LIMIT:
            from meldkanaal.security_log import record_lockout  # the security log (issue 11)

            record_lockout(self.data.get("username", "") or "")
            raise ValidationError(self.throttled_message, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if resilient_cache.call("add", key, 1, LOGIN_PAUSE_SECONDS, default=True) is False:
                try:
                    resilient_cache.call("incr", key, default=None)
                except ValueError:  # expired between add and incr
                    resilient_cache.call("add", key, 1, LOGIN_PAUSE_SECONDS, default=None)
            raise error
        resilient_cache.call("delete", key, default=None)
        return cleaned

    @property
    def is_throttled(self) -> bool:
        return any(e.code == "throttled" for e in self.errors.as_data().get("__all__", []))


class IntranetLoginForm(ThrottledLoginMixin, AuthenticationForm):
    """The employees' login at /inloggen/."""


class AdminLoginForm(ThrottledLoginMixin, LoginForm):
    """Wagtail's admin login, throttled, with the Dutch label its password field lacks.

    Wagtail declares the field without a label, so Django shows the English field name.
    """

    password = forms.CharField(
        label="Wachtwoord",
        widget=forms.PasswordInput(attrs={"placeholder": "Voer je wachtwoord in"}),
        strip=False,
    )


class SecondFactorForm(forms.Form):
    """One field: six digits from the app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        error_messages={"required": "Vul de code in."},
    )
