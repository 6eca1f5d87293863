from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

# The Coördinator records who followed a classroom training, sees the counts per module and
# department, and keeps the list of departments (issue 14).
COORDINATOR_PERMISSIONS = [
    "training.beheer_afrondingen",
    "training.add_afdeling",
    "training.change_afdeling",
    "training.view_afdeling",
    "training.add_profiel",
    "training.change_profiel",
    "training.view_profiel",
]


def _give_coordinator_permissions(sender, **kwargs):
    # Permissions of this app exist only after its own post_migrate; act on the last app's.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        from integriteitsplein import roles

        roles.add_model_permissions(roles.COORDINATOR, COORDINATOR_PERMISSIONS)


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Verplichte trainingen"

    def ready(self):
        post_migrate.connect(_give_coordinator_permissions, dispatch_uid="training-coordinator")

        from integriteitsplein import pagecache
        from training import fragments

        pagecache.register_fragment("training_status", fragments.training_status)
