from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

# The Coördinator organises the agenda's sessions and keeps the oath register (see the agenda ADR).
COORDINATOR_PERMISSIONS = ["agenda.beheer_aanmeldingen", "agenda.view_ambtseed"]


def _give_coordinator_permissions(sender, **kwargs):
    # Permissions of this app exist only after its own post_migrate; act on the last app's.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        from integriteitsplein import roles

        roles.add_model_permissions(roles.COORDINATOR, COORDINATOR_PERMISSIONS)


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Agenda"

    def ready(self):
        post_migrate.connect(_give_coordinator_permissions, dispatch_uid="agenda-coordinator")

        from agenda import fragments
        from integriteitsplein import pagecache

        pagecache.register_fragment("agenda_plaatsen", fragments.places)
        pagecache.register_fragment("agenda_aanmelden", fragments.registration)
        pagecache.register_fragment("agenda_kaart", fragments.card_status)
