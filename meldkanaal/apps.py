from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate

from wagtail.users import apps as wagtail_users_apps


class MeldkanaalConfig(AppConfig):
    name = "meldkanaal"
    verbose_name = "Meldkanaal"

    def ready(self):
        from django.contrib.auth import get_user_model

        from . import views
        from .models import MeldFormPage
        from .services import on_group_membership_change

        MeldFormPage.form_view = staticmethod(views.report_form)
        MeldFormPage.preview_view = staticmethod(views.report_form_preview)

        post_migrate.connect(_ensure_defaults, sender=self)
        m2m_changed.connect(
            on_group_membership_change,
            sender=get_user_model().groups.through,
            dispatch_uid="meldkanaal-teamlid",
        )


def _ensure_defaults(sender, using="default", **kwargs):
    # Our own permissions may not exist yet when this handler runs before auth's.
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    create_contenttypes(sender, verbosity=0, using=using)
    create_permissions(sender, verbosity=0, using=using)

    from .teams import ensure_defaults

    ensure_defaults()

    from .services.notifications import schedule_next_batch

    try:
        schedule_next_batch()  # the chain of notification batches (each schedules the next)
    except Exception as error:  # e.g. a migrate of only some apps: the worker's next run does it
        import logging

        logging.getLogger("meldkanaal").warning("Batch niet ingepland: %s", type(error).__name__)


class WagtailUsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's users app with the user and group forms of meldkanaal/user_forms.py and
    group_forms.py: only a meldpunt administrator changes who is in a team and which group has
    a meldkanaal permission. Listed in INSTALLED_APPS instead of "wagtail.users"."""

    default = False  # "meldkanaal" itself keeps MeldkanaalConfig
    user_viewset = "meldkanaal.user_forms.UserViewSet"
    group_viewset = "meldkanaal.group_forms.GroupViewSet"
