"""Writes the security log (models.Beveiligingsregel): failed logins, lockouts and refused
access to the meldkanaal. Account and membership changes are written by accounts.py and
memberships.py. Never a password or code: Django hands the login signal its credentials
with the password already masked, and only the username is kept."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied

from .constants import BeveiligingSoort
from .models import Beveiligingsregel


def _account(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username__iexact=username.strip()).first()


def _team_of(user):
    from .models import Team

    return Team.objects.filter(lidmaatschappen__gebruiker=user).first() if user else None


def on_login_failed(sender, credentials=None, request=None, **kwargs):
    username = str((credentials or {}).get("username", ""))[:150]
    account = _account(username)
    Beveiligingsregel.schrijf(
        BeveiligingSoort.LOGIN_MISLUKT,
        betreft=account,
        team=_team_of(account),
        detail=f"gebruikersnaam ‘{username}’" + ("" if account else " (bestaat niet)"),
    )


def record_lockout(username: str) -> None:
    """Called by the login throttle (integriteitsplein/forms.py) when it pauses an account."""
    account = _account(username)
    Beveiligingsregel.schrijf(
        BeveiligingSoort.GEBLOKKEERD,
        betreft=account,
        team=_team_of(account),
        detail=f"gebruikersnaam ‘{str(username)[:150]}’",
    )


def record_refusal(user, detail: str, team=None) -> None:
    """Log a refused access to a meldkanaal URL (the caller answers it)."""
    Beveiligingsregel.schrijf(
        BeveiligingSoort.TOEGANG_GEWEIGERD, door=user, team=team, detail=detail
    )


def refuse(user, detail: str, team=None):
    """Log a refused access to a meldkanaal URL and raise PermissionDenied."""
    record_refusal(user, detail, team=team)
    raise PermissionDenied


def connect_signals() -> None:
    user_login_failed.connect(on_login_failed, dispatch_uid="meldkanaal-login-failed")
