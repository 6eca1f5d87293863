"""Wagtail's user admin, with the meldpunt's teams out of reach of other administrators.

Whoever is in a team reads its reports, so only a meldpunt administrator (a group with the
route permissions, see teams.py) puts someone in a team or takes them out, and the same holds
for a group with the route permissions itself (its members are meldpunt administrators; see
services.guarded_groups). Any other administrator, also a superuser, sees these memberships
but cannot change them: not in the user's create and edit forms, not with the list's bulk
action "Rol toewijzen". The team still gets its e-mail on every change
(services.on_group_membership_change). group_forms.py keeps the groups themselves out of reach.

Wired in through meldkanaal.apps.WagtailUsersConfig (which replaces "wagtail.users" in
INSTALLED_APPS) and the register_bulk_action hook in wagtail_hooks.py.
"""

from django.contrib.auth.models import Group

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction

from . import services

TEAM_HELP = (
    "Een meldpuntteam of een groep van de beheerders van het meldpunt kan alleen een beheerder "
    "van het meldpunt toewijzen of weghalen."
)
TEAM_REFUSED = (
    "Deze groep kun je niet kiezen: iemand aan een meldpuntteam toevoegen kan alleen een "
    "beheerder van het meldpunt. Dat geldt ook voor de groepen van de beheerders zelf."
)


class TeamGuardMixin:
    """Leaves the team groups as they are unless the acting user is a meldpunt administrator."""

    def __init__(self, *args, acting_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_change_teams = acting_user is not None and services.is_meldpunt_admin(acting_user)
        self.kept_teams: list[Group] = []
        field = self.fields.get("groups")
        if field is None or self.may_change_teams:
            return
        guarded_ids = list(services.guarded_groups().values_list("pk", flat=True))
        field.queryset = field.queryset.exclude(pk__in=guarded_ids)
        field.error_messages["invalid_choice"] = TEAM_REFUSED
        field.error_messages["invalid_pk_value"] = TEAM_REFUSED
        if self.instance.pk:
            self.kept_teams = list(self.instance.groups.filter(pk__in=guarded_ids).order_by("name"))
        team_ids = {team.pk for team in services.teams()}
        in_teams = [g.name for g in self.kept_teams if g.pk in team_ids]
        in_others = [g.name for g in self.kept_teams if g.pk not in team_ids]
        current = "".join(
            f"{label}: {', '.join(names)}. "
            for label, names in (("In een team", in_teams), ("Beheerder via", in_others))
            if names
        )
        field.help_text = f"{current}{TEAM_HELP}"

    def clean_groups(self):
        # The form saves the groups with groups.set(): the teams the user is in stay.
        return [*self.cleaned_data["groups"], *self.kept_teams]


class TeamGuardCreationForm(TeamGuardMixin, UserCreationForm):
    pass


class TeamGuardEditForm(TeamGuardMixin, UserEditForm):
    pass


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
        return TeamGuardEditForm if for_update else TeamGuardCreationForm


class TeamGuardAssignRoleBulkAction(AssignRoleBulkAction):
    """The list's "Rol toewijzen" without the teams and the route groups (registered under the
    same action type)."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not services.is_meldpunt_admin(self.request.user):
            field = form.fields["role"]
            field.queryset = field.queryset.exclude(pk__in=services.guarded_groups().values("pk"))
            field.error_messages["invalid_choice"] = TEAM_REFUSED
        return form
