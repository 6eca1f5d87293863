"""Wagtail's group editor, with the meldkanaal's permissions out of reach of other administrators.

A group with `behandel_melding` is a team and reads its reports; a group with the route
permissions makes its members meldpunt administrators, who put people in teams (teams.py).
Whoever could give a group such a permission could read reports, so only a meldpunt
administrator adds or removes meldkanaal permissions on a group, and only he edits or deletes
a team or a group with the route permissions. For anyone else, also a superuser, the
meldkanaal's checkboxes are left out (shown as a list instead) and the group keeps those
permissions on save; a forged POST is refused in Dutch (400, or 403 for a guarded group) and
changes nothing.

Wired in through meldkanaal.apps.WagtailUsersConfig (its group_viewset). Bootstrapping
(teams.ensure_defaults, load_demo, migrations) sets permissions with the ORM, not with these
forms, and is not affected.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import Media
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst

from wagtail.admin.utils import set_query_params
from wagtail.users.forms import GroupForm
from wagtail.users.views import groups as wagtail_groups

from . import services

APP_LABEL = "meldkanaal"
PERMISSION_LABELS = {
    "behandel_melding": "Is een meldpuntteam: leest en behandelt de meldingen van het team",
    "view_statistiek": "Ziet aantallen meldingen en exporteert ze",
    "view_route": "Ziet de routes (welk team welke soort melding krijgt)",
    "add_route": "Voegt routes toe",
    "change_route": "Wijzigt routes en zet mensen in een team (beheerder van het meldpunt)",
    "delete_route": "Verwijdert routes",
}

PERMISSION_REFUSED = (
    "Dit recht kun je niet geven of afnemen: rechten in het meldkanaal kan alleen een "
    "beheerder van het meldpunt wijzigen. Er is niets opgeslagen."
)
PANEL_HELP = (
    "Wie een recht in het meldkanaal heeft, kan meldingen lezen of bepalen wie dat mag. Daarom "
    "kan alleen een beheerder van het meldpunt deze rechten geven of afnemen. Bij het opslaan "
    "blijven ze zoals ze zijn."
)


def meldkanaal_permissions() -> QuerySet[Permission]:
    return Permission.objects.filter(content_type__app_label=APP_LABEL)


def is_guarded(group: Group) -> bool:
    return group.pk is not None and services.guarded_groups().filter(pk=group.pk).exists()


def permission_labels(group: Group) -> list[str]:
    """The group's meldkanaal permissions in plain Dutch."""
    if group.pk is None:
        return []
    permissions = group.permissions.filter(content_type__app_label=APP_LABEL)
    return sorted(PERMISSION_LABELS.get(p.codename, p.name) for p in permissions)


class MeldkanaalGuardGroupForm(GroupForm):
    """Wagtail's group form; without the meldkanaal's permissions unless the acting user is a
    meldpunt administrator."""

    def __init__(self, *args, acting_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_change_meldkanaal = acting_user is not None and services.is_meldpunt_admin(
            acting_user
        )
        if self.may_change_meldkanaal:
            return
        # Out of registered_permissions as well: GroupForm.save() puts back the permissions
        # the form does not offer, so the group keeps its meldkanaal permissions.
        self.registered_permissions = self.registered_permissions.exclude(
            content_type__app_label=APP_LABEL
        )
        field = self.fields["permissions"]
        field.queryset = field.queryset.exclude(content_type__app_label=APP_LABEL)
        # A meldkanaal permission in the POST (the form offers none) refuses the whole form.
        self.forged = False
        if self.is_bound and hasattr(self.data, "getlist"):
            name = self.add_prefix("permissions")
            sent = self.data.getlist(name)
            ids = {str(pk) for pk in meldkanaal_permissions().values_list("pk", flat=True)}
            self.forged = any(value in ids for value in sent)
            if self.forged:
                self.data = self.data.copy()
                self.data.setlist(name, [value for value in sent if value not in ids])

    @property
    def refused(self) -> bool:
        return getattr(self, "forged", False)

    def clean(self):
        if self.refused:
            raise ValidationError(PERMISSION_REFUSED)
        # The views refuse a guarded group before it gets here; this holds if a view does not.
        if not self.may_change_meldkanaal and is_guarded(self.instance):
            raise ValidationError(GUARDED_REFUSED["edit"] % {"group": self.instance.name})
        return super().clean()


class MeldkanaalPermissionsPanel:
    """Below Wagtail's permission tables: the group's meldkanaal permissions, read-only.

    Shown instead of their checkboxes to anyone who is not a meldpunt administrator. Nothing
    to validate or save (the view does not add it to its permission_panel_forms).
    """

    media = Media()
    template_name = "meldkanaal/admin/group_permissions_panel.html"

    def __init__(self, group: Group):
        self.group = group

    def as_admin_panel(self):
        context = {"help": PANEL_HELP, "labels": permission_labels(self.group)}
        return render_to_string(self.template_name, context)


GUARDED_REFUSED = {
    "edit": "Groep ‘%(group)s’ kun je niet wijzigen.",
    "delete": "Groep ‘%(group)s’ kun je niet verwijderen.",
}
GUARDED_REASON = (
    "Dit is een meldpuntteam of een groep van de beheerders van het meldpunt. Wie erin zit, "
    "kan meldingen lezen of bepalen wie dat mag. Daarom kan alleen een beheerder van het "
    "meldpunt deze groep wijzigen of verwijderen."
)


class _GuardMixin:
    @cached_property
    def may_change_meldkanaal(self) -> bool:
        return services.is_meldpunt_admin(self.request.user)

    def refuse_guarded(self, action: str, status: int) -> TemplateResponse:
        group = self.object
        context = {
            "page_title": capfirst(str(group)),
            "header_title": capfirst(str(group)),
            "header_icon": "group",
            "breadcrumbs_items": self.get_breadcrumbs_items(),
            "refused": GUARDED_REFUSED[action] % {"group": group.name},
            "reason": GUARDED_REASON,
            # Announced at once when it answers a POST; a plain note when opening the page.
            "role": "alert" if status >= 400 else "status",
            "labels": permission_labels(group),
            "users_url": set_query_params(reverse("wagtailusers_users:index"), {"group": group.pk}),
            "index_url": reverse("wagtailusers_groups:index"),
        }
        return TemplateResponse(
            self.request, "meldkanaal/admin/group_guarded.html", context, status=status
        )

    def refuses(self) -> bool:
        return not self.may_change_meldkanaal and is_guarded(self.object)


class _GuardFormMixin(_GuardMixin):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "acting_user": self.request.user}

    def get_context_data(self, **kwargs):
        if "permission_panels" not in kwargs and not self.may_change_meldkanaal:
            group = getattr(self, "object", None) or Group()
            kwargs["permission_panels"] = [
                MeldkanaalPermissionsPanel(group),
                *self.permission_panel_forms,
            ]
        return super().get_context_data(**kwargs)

    def form_invalid(self, form):
        if getattr(form, "refused", False):
            # Wagtail's message lists the form's own error: this one, in Dutch.
            self.produced_error_message = "De groep is niet opgeslagen."
            response = super().form_invalid(form)
            response.status_code = 400
            return response
        return super().form_invalid(form)


class CreateView(_GuardFormMixin, wagtail_groups.CreateView):
    pass


class EditView(_GuardFormMixin, wagtail_groups.EditView):
    # get() and post() run after Wagtail's permission check (dispatch).
    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.refuses():
            return self.refuse_guarded("edit", status=200)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.refuses():
            return self.refuse_guarded("edit", status=403)
        return super().post(request, *args, **kwargs)


class DeleteView(_GuardMixin, wagtail_groups.DeleteView):
    def get(self, request, *args, **kwargs):
        if self.refuses():
            return self.refuse_guarded("delete", status=403)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.refuses():
            return self.refuse_guarded("delete", status=403)
        return super().post(request, *args, **kwargs)


class GroupViewSet(wagtail_groups.GroupViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return MeldkanaalGuardGroupForm
