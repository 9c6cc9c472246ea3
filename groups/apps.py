from django.apps import AppConfig
from django.db.models.signals import post_migrate

from groups.roles import ensure_roles


def _ensure_roles(sender, **kwargs):
    ensure_roles()


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Community groups"

    # What coordinators may do with this app's models, always limited to their own groups (see
    # groups/roles.py); site editors manage all of them.
    coordinator_permissions = {
        "groupeasyreadline": ["view", "add", "change", "delete"],
        "communitygroup": ["view", "change"],
        "groupaim": ["view", "add", "change", "delete"],
        "grouplink": ["view", "add", "change", "delete"],
        "partnership": ["view", "add", "change", "delete"],
        "memberstory": ["view", "add", "change", "delete"],
        # Topics and partner organisations are shared by every group: coordinators choose
        # from them; only site editors add or change them.
        "topic": ["view"],
        "organisation": ["view"],
    }
    site_editors_manage_all = True

    # What public pages show: a save, delete or many-to-many change of any of these makes every
    # cached page afresh (see oig_site/core/pagecache.py).
    public_models = [
        "groupeasyreadline",
        "communitygroup",
        "groupaim",
        "grouplink",
        "partnership",
        "memberstory",
        "topic",
        "organisation",
    ]

    def ready(self):
        # The roles need the permissions Django creates after migrating each app, so they are
        # brought up to date after every app's migrations (it is quick, and idempotent).
        post_migrate.connect(_ensure_roles, dispatch_uid="groups.ensure_roles")
