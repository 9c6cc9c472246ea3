"""The two editing roles, as Django permission groups.

- Site editors manage every group and everything in it, and assign coordinators.
- Coordinators manage the content of the groups they coordinate (``CommunityGroup.coordinators``):
  the admin shows them only those groups' objects (see ``oig_site.core.admin.GroupScopedAdmin``).
"""

from django.contrib.auth.models import Group, Permission

SITE_EDITORS = "Site editors"
COORDINATORS = "Coordinators"

# (app label, model, actions) a coordinator may use, always limited to their own groups.
COORDINATOR_PERMISSIONS = [
    ("groups", "communitygroup", ["view", "change"]),
    ("groups", "groupaim", ["view", "add", "change", "delete"]),
    ("groups", "grouplink", ["view", "add", "change", "delete"]),
    ("groups", "partnership", ["view", "add", "change", "delete"]),
    ("groups", "memberstory", ["view", "add", "change", "delete"]),
    # Topics and partner organisations are shared by every group: coordinators choose from
    # them; only site editors add or change them.
    ("groups", "topic", ["view"]),
    ("groups", "organisation", ["view"]),
    ("activities", "activity", ["view", "add", "change", "delete"]),
    ("activities", "activitylink", ["view", "add", "change", "delete"]),
    ("newsletters", "newsletter", ["view", "change"]),
    ("newsletters", "issue", ["view", "add", "change", "delete"]),
    ("newsletters", "section", ["view", "add", "change", "delete"]),
    ("newsletters", "glossaryterm", ["view", "add", "change", "delete"]),
    ("newsletters", "subscriber", ["view"]),
    ("newsletters", "subscription", ["view"]),
    ("newsletters", "question", ["view", "change"]),
    ("newsletters", "delivery", ["view"]),
]
SITE_EDITOR_APPS = ["groups", "activities", "newsletters"]


def ensure_roles() -> tuple[Group, Group]:
    """Create or update the two roles with their permissions. Safe to run any number of times."""
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    wanted = []
    for app_label, model, actions in COORDINATOR_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        wanted += Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=codenames,
        )
    coordinators.permissions.set(wanted)

    editors, _ = Group.objects.get_or_create(name=SITE_EDITORS)
    editors.permissions.set(
        Permission.objects.filter(content_type__app_label__in=SITE_EDITOR_APPS)
        | Permission.objects.filter(codename="edit_all_groups")
    )
    return coordinators, editors
