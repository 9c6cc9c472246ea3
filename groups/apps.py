from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles(sender, **kwargs):
    from groups.roles import ensure_roles

    ensure_roles()


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Community groups"

    def ready(self):
        # The roles need the permissions Django creates after migrating each app, so they are
        # brought up to date after every app's migrations (it is quick, and idempotent).
        post_migrate.connect(_ensure_roles, dispatch_uid="groups.ensure_roles")
