from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _ensure_roles_after_last_app(sender, **kwargs):
    # post_migrate is sent once per app; permissions of an app exist only after its
    # own signal, so the roles are built when the last app's signal arrives.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        from integriteitsplein.roles import ensure_roles

        ensure_roles()


class IntegriteitspleinConfig(AppConfig):
    name = "integriteitsplein"
    verbose_name = "Integriteitsplein"

    def ready(self):
        from integriteitsplein import checks  # noqa: F401 (registers the system checks)

        post_migrate.connect(_ensure_roles_after_last_app, dispatch_uid="integriteitsplein-roles")
        from django.contrib.auth.signals import user_logged_in

        from integriteitsplein.middleware import mark_strict_session

        user_logged_in.connect(mark_strict_session, dispatch_uid="integriteitsplein-strict-session")
        from integriteitsplein import open_media

        open_media.connect_signals()
        _keep_what_editors_type_in_date_pickers()
        from integriteitsplein.caching import connect_signals

        connect_signals()
        from integriteitsplein import pagecache

        pagecache.connect_signals()


def _keep_what_editors_type_in_date_pickers():
    """Wagtail's date pickers must not replace what they cannot read with 'now'.

    The jQuery picker behind them "validates on blur": "morgen" or "2027-01-05 09:00" in a
    dd-mm-jjjj field silently becomes the current moment, so a scheduled go-live turns into
    publishing at once. Without that, the form itself refuses a date it cannot read, with a
    Dutch message. The picker's options are not configurable per project, so the config of
    each widget class is extended here, once.
    """
    from wagtail.admin.widgets.datetime import AdminDateInput, AdminDateTimeInput, AdminTimeInput

    for widget_class in (AdminDateInput, AdminDateTimeInput, AdminTimeInput):
        original = widget_class.get_config
        if getattr(original, "keeps_typed_value", False):
            continue

        def get_config(self, _original=original):
            return {**_original(self), "validateOnBlur": False}

        get_config.keeps_typed_value = True
        widget_class.get_config = get_config
