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
        post_migrate.connect(_ensure_roles_after_last_app, dispatch_uid="integriteitsplein-roles")
