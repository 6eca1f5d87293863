from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

# Redactie writes polls and dilemmas; the Coördinator may also remove them.
REDACTIE_PERMISSIONS = [
    f"meedoen.{action}_{model}"
    for model in ("peiling", "dilemma")
    for action in ("add", "change", "view")
]
COORDINATOR_PERMISSIONS = [
    *REDACTIE_PERMISSIONS,
    "meedoen.delete_peiling",
    "meedoen.delete_dilemma",
]


def _give_role_permissions(sender, **kwargs):
    # Permissions of this app exist only after its own post_migrate; act on the last app's.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        from integriteitsplein import roles

        roles.add_model_permissions(roles.REDACTIE, REDACTIE_PERMISSIONS)
        roles.add_model_permissions(roles.COORDINATOR, COORDINATOR_PERMISSIONS)


class MeedoenConfig(AppConfig):
    name = "meedoen"
    verbose_name = "Meedoen"

    def ready(self):
        post_migrate.connect(_give_role_permissions, dispatch_uid="meedoen-roles")

        from integriteitsplein import pagecache
        from meedoen import fragments

        pagecache.register_fragment("meedoen_peiling", fragments.poll)
        pagecache.register_fragment(
            "peiling", fragments.block_poll, prepare=fragments.prepare_block_poll
        )
