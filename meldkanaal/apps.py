from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

from wagtail.users import apps as wagtail_users_apps


class MeldkanaalConfig(AppConfig):
    name = "meldkanaal"
    verbose_name = "Meldkanaal"

    def ready(self):
        from . import accounts, form_cache, memberships, security_log, views
        from .models import MeldFormPage

        MeldFormPage.form_view = staticmethod(views.report_form)
        MeldFormPage.preview_view = staticmethod(views.report_form_preview)

        post_migrate.connect(_ensure_defaults, sender=self)
        connection_created.connect(_sqlite_maintenance_flag, dispatch_uid="meldkanaal-onderhoud")
        accounts.connect_signals()
        memberships.connect_signals()
        security_log.connect_signals()
        form_cache.connect_signals()

        from integriteitsplein import pagecache

        from .forms import form_token_fragment

        pagecache.register_fragment("formulier_token", form_token_fragment)


def _sqlite_maintenance_flag(sender, connection, **kwargs):
    """SQLite's triggers on the append-only tables ask this whether the connection is doing
    maintenance (flush); see migration 0012."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "meldkanaal_onderhoud",
            0,
            lambda: 1 if getattr(connection, "meldkanaal_onderhoud", False) else 0,
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
    """Wagtail's users app with the user editor of meldkanaal/accounts.py: a team member's
    password, e-mail and username are fixed for anyone but the member. Listed in
    INSTALLED_APPS instead of "wagtail.users"."""

    default = False  # "meldkanaal" itself keeps MeldkanaalConfig
    user_viewset = "meldkanaal.accounts.UserViewSet"
