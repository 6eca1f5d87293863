"""A vertrouwenspersoon's account is theirs: nobody else changes its password, e-mail or
username, or deletes it.

Whoever can set that password can log in as the vertrouwenspersoon and read the
registration, so a superuser cannot either: a pre_save/pre_delete check on the user model
refuses the change when a signed-in user other than the account's owner makes it (the acting
user from meldkanaal.acting, set for every request). Outside a request (shell, commands) it
lets changes through: shell access is database access (docs/data_protection.md).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from meldkanaal.acting import acting_user
from vertrouwenspersonen.access import has_role_row

CREDENTIAL_FIELDS = ("password", "email", "username")
REFUSED = (
    "Dit account is van een vertrouwenspersoon. Alleen de vertrouwenspersoon zelf kan het "
    "wachtwoord, het e-mailadres of de gebruikersnaam wijzigen. Er is niets opgeslagen."
)
DELETE_REFUSED = (
    "Dit account is van een vertrouwenspersoon en wordt niet vanuit de site verwijderd. "
    "Er is niets verwijderd."
)


class AccountVanVertrouwenspersoon(PermissionDenied):
    """A change to a vertrouwenspersoon's account by someone else; the message is Dutch."""


def _someone_else(user):
    actor = acting_user()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor if actor.pk != user.pk else None


def guard_credentials(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    fields = [f for f in CREDENTIAL_FIELDS if update_fields is None or f in update_fields]
    if not fields or _someone_else(instance) is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values(*fields).first()
    if stored is None:
        return
    if any(stored[f] != getattr(instance, f) for f in fields) and has_role_row(instance):
        raise AccountVanVertrouwenspersoon(REFUSED)


def guard_delete(sender, instance, **kwargs):
    if _someone_else(instance) is not None and has_role_row(instance):
        raise AccountVanVertrouwenspersoon(DELETE_REFUSED)


def connect_signals() -> None:
    from django.db.models.signals import pre_delete, pre_save

    User = get_user_model()
    pre_save.connect(guard_credentials, sender=User, dispatch_uid="vertrouwenspersonen-account")
    pre_delete.connect(guard_delete, sender=User, dispatch_uid="vertrouwenspersonen-delete")
