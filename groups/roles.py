"""The two editing roles, as Django permission groups.

- Site editors manage every group and everything in it, and assign coordinators.
- Coordinators manage the content of the groups they coordinate (``CommunityGroup.coordinators``):
  the admin shows them only those groups' objects (see ``CommunityGroup.objects.coordinated_by``
  and each model's ``editable_by``).

Each app says in its ``AppConfig`` what its coordinators may do, model by model
(``coordinator_permissions``), and whether site editors manage all its models
(``site_editors_manage_all``); this module gathers them.
"""

from django.apps import apps

SITE_EDITORS = "Site editors"
COORDINATORS = "Coordinators"


def coordinator_permissions() -> list[tuple[str, str, list[str]]]:
    """(app label, model, actions) a coordinator may use, always limited to their own groups, as
    every installed app declares them."""
    return [
        (config.label, model, actions)
        for config in apps.get_app_configs()
        for model, actions in getattr(config, "coordinator_permissions", {}).items()
    ]


def site_editor_apps() -> list[str]:
    """The apps all of whose models site editors manage."""
    return [
        config.label
        for config in apps.get_app_configs()
        if getattr(config, "site_editors_manage_all", False)
    ]


def site_editor_model_permissions(permission_model):
    """The permissions of the models, outside those apps, that site editors manage: each app
    names them in ``site_editor_models`` (the site's glossary and easy-read pages)."""
    wanted = permission_model.objects.none()
    for config in apps.get_app_configs():
        models = getattr(config, "site_editor_models", ())
        if models:
            wanted |= permission_model.objects.filter(
                content_type__app_label=config.label, content_type__model__in=models
            )
    return wanted


def ensure_roles() -> tuple:
    """Create or update the two roles with their permissions. Safe to run any number of times."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    coordinators, _ = group_model.objects.get_or_create(name=COORDINATORS)
    wanted = []
    for app_label, model, actions in coordinator_permissions():
        codenames = [f"{action}_{model}" for action in actions]
        wanted += permission_model.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=codenames,
        )
    coordinators.permissions.set(wanted)

    editors, _ = group_model.objects.get_or_create(name=SITE_EDITORS)
    editors.permissions.set(
        permission_model.objects.filter(content_type__app_label__in=site_editor_apps())
        | permission_model.objects.filter(codename="edit_all_groups")
        | site_editor_model_permissions(permission_model)
    )
    return coordinators, editors
