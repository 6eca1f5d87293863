"""A team member's account is theirs: nobody else changes its password, e-mail or username.

Whoever can set a team member's password can log in as them and read the team's reports, so
a superuser cannot either. Enforced twice:

- at the edge: Wagtail's user editor shows these fields to anyone but the member as fixed
  (a forged POST is ignored, Django does not read disabled fields), and the list's bulk
  actions (delete, (de)activate, assign role) leave team members out;
- on the model: a pre_save check compares the stored values and refuses a change made by an
  authenticated user other than the member (acting.py says who acts), and an account with a
  team membership cannot be deleted by anyone while it has one.

Every change to a member's account that does happen (by the member, or a password reset by
e-mail) and every refusal goes to the security log and, without content, to the team's
beheerders. A beheerder offboards a member in "Meldkanaal → Teams" (memberships.py).
Wired in through meldkanaal.apps (signals, WagtailUsersConfig) and wagtail_hooks (bulk actions).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction

from .acting import acting_user, after_request
from .constants import BeveiligingSoort

CREDENTIAL_FIELDS = ("password", "email", "username")
FIELD_LABELS = {"password": "wachtwoord", "email": "e-mailadres", "username": "gebruikersnaam"}
LOCKED_HELP = (
    "Dit is een account van een meldpuntteam. Alleen het teamlid zelf kan dit wijzigen "
    "(ook een beheerder van de site niet): wie het wachtwoord kent, leest de meldingen."
)
REFUSED = (
    "Dit account is van een lid van een meldpuntteam. Alleen het teamlid zelf kan het "
    "wachtwoord, het e-mailadres of de gebruikersnaam wijzigen. Er is niets opgeslagen."
)
DELETE_REFUSED = (
    "Dit account is van een lid van een meldpuntteam. Een beheerder van het team haalt het "
    "eerst uit het team (Meldkanaal → Teams). Er is niets verwijderd."
)


class AccountVanTeamlid(PermissionDenied):
    """A change to a team member's account by someone else; the message is Dutch."""


def has_memberships(user) -> bool:
    """Any membership, also an inactive one: an account that was in a team stays protected."""
    if user is None or user.pk is None:
        return False
    from .models import Teamlidmaatschap

    return Teamlidmaatschap.objects.filter(gebruiker_id=user.pk).exists()


def _someone_else(user) -> object | None:
    """The authenticated acting user when it is not `user` itself, else None."""
    actor = acting_user()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None  # no request (shell), or a password reset by e-mail link: the owner
    return actor if actor.pk != user.pk else None


# --- the model ---------------------------------------------------------------------------


def guard_credentials(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of the user model: refuse someone else's change of a member's credentials."""
    if raw or instance.pk is None:
        return
    fields = [f for f in CREDENTIAL_FIELDS if update_fields is None or f in update_fields]
    if not fields:
        return
    stored = sender.objects.filter(pk=instance.pk).values(*fields).first()
    if stored is None:
        return
    changed = [f for f in fields if stored[f] != getattr(instance, f)]
    instance._meldkanaal_changed = changed
    if not changed or not has_memberships(instance):
        return
    actor = _someone_else(instance)
    if actor is None:
        return
    from . import memberships

    what = ", ".join(FIELD_LABELS[f] for f in changed)
    after_request(
        lambda: memberships.record_account_event(
            BeveiligingSoort.WIJZIGING_GEWEIGERD, actor, instance, f"geprobeerd: {what}"
        )
    )
    raise AccountVanTeamlid(REFUSED)


def report_credential_change(sender, instance, created=False, raw=False, **kwargs):
    """post_save: a member's own change of credentials is logged and told to the beheerders."""
    changed = getattr(instance, "_meldkanaal_changed", None)
    instance._meldkanaal_changed = None
    if raw or created or not changed or not has_memberships(instance):
        return
    from . import memberships

    what = ", ".join(FIELD_LABELS[f] for f in changed)
    memberships.record_account_event(
        BeveiligingSoort.ACCOUNT_GEWIJZIGD, acting_user(), instance, f"gewijzigd: {what}"
    )


def guard_delete(sender, instance, **kwargs):
    """pre_delete: an account with a team membership is not deleted from a request at all."""
    actor = acting_user()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if has_memberships(instance):
        from . import memberships

        after_request(
            lambda: memberships.record_account_event(
                BeveiligingSoort.WIJZIGING_GEWEIGERD, actor, instance, "geprobeerd: verwijderen"
            )
        )
        raise AccountVanTeamlid(DELETE_REFUSED)


# --- the edge: Wagtail's user editor -------------------------------------------------------


class CredentialLockMixin:
    """The credential fields are fixed for anyone but the member themself."""

    def __init__(self, *args, acting_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.credentials_locked = (
            instance.pk is not None
            and has_memberships(instance)
            and (acting_user is None or acting_user.pk != instance.pk)
        )
        if not self.credentials_locked:
            return
        for name in ("username", "email", "password1", "password2"):
            field = self.fields.get(name)
            if field is not None:
                field.disabled = True
                field.required = False
                field.help_text = LOCKED_HELP

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "credentials_locked", False) and self.is_bound:
            tried = [
                label
                for name, label in (
                    ("username", "gebruikersnaam"),
                    ("email", "e-mailadres"),
                    ("password1", "wachtwoord"),
                )
                if name in self.fields and self._forged(name)
            ]
            if tried:
                from . import memberships

                actor, member = acting_user(), self.instance
                detail = f"geprobeerd in de gebruikersbeheer: {', '.join(tried)}"
                after_request(
                    lambda: memberships.record_account_event(
                        BeveiligingSoort.WIJZIGING_GEWEIGERD, actor, member, detail
                    )
                )
                raise forms.ValidationError(REFUSED)
        return cleaned

    def _forged(self, name) -> bool:
        """A value was sent for a fixed field that differs from the stored one."""
        sent = self.data.get(self.add_prefix(name))
        if not sent:
            return False
        if name == "password1":
            return True
        return str(sent).strip() != str(getattr(self.instance, name) or "")


class GuardedCreationForm(CredentialLockMixin, UserCreationForm):
    pass


class GuardedEditForm(CredentialLockMixin, UserEditForm):
    def clean_password2(self):
        if getattr(self, "credentials_locked", False):
            return ""
        return super().clean_password2()


class _ActingUserMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "acting_user": self.request.user}


class CreateView(_ActingUserMixin, wagtail_users.CreateView):
    pass


class EditView(_ActingUserMixin, wagtail_users.EditView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return GuardedEditForm if for_update else GuardedCreationForm


# --- the edge: bulk actions in the user list -------------------------------------------------


class _LeaveTeamMembersOut:
    """A team member is listed under "no permission" and left as is."""

    def check_perm(self, obj):
        if has_memberships(obj) and obj.pk != self.request.user.pk:
            return False
        return super().check_perm(obj)


class GuardedDeleteBulkAction(_LeaveTeamMembersOut, DeleteBulkAction):
    pass


class GuardedSetActiveStateBulkAction(_LeaveTeamMembersOut, SetActiveStateBulkAction):
    pass


class GuardedAssignRoleBulkAction(_LeaveTeamMembersOut, AssignRoleBulkAction):
    pass


BULK_ACTIONS = (
    GuardedDeleteBulkAction,
    GuardedSetActiveStateBulkAction,
    GuardedAssignRoleBulkAction,
)


def connect_signals() -> None:
    from django.db.models.signals import post_save, pre_delete, pre_save

    User = get_user_model()
    pre_save.connect(guard_credentials, sender=User, dispatch_uid="meldkanaal-credentials")
    post_save.connect(report_credential_change, sender=User, dispatch_uid="meldkanaal-cred-log")
    pre_delete.connect(guard_delete, sender=User, dispatch_uid="meldkanaal-account-delete")
