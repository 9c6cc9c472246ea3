from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Activities and events"

    # What coordinators may do, always limited to their own groups (see groups/roles.py); site
    # editors manage all of this app's models.
    coordinator_permissions = {
        "activity": ["view", "add", "change", "delete"],
        "activitylink": ["view", "add", "change", "delete"],
    }
    site_editors_manage_all = True

    # What public pages show: a save, delete or many-to-many change of any of these makes every
    # cached page afresh (see oig_site/core/pagecache.py).
    public_models = ["activity", "activitylink"]
