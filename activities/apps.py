from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = "Activities and events"

    # What coordinators may do, always limited to their own groups (see groups/roles.py); site
    # editors manage all of this app's models.
    coordinator_permissions = {
        "activityeasyreadline": ["view", "add", "change", "delete"],
        "activity": ["view", "add", "change", "delete"],
        "activitylink": ["view", "add", "change", "delete"],
        "signup": ["view", "change", "delete"],
    }
    site_editors_manage_all = True

    # What public pages show: a save, delete or many-to-many change of any of these makes every
    # cached page afresh (see oig_site/core/pagecache.py).
    public_models = ["activityeasyreadline", "activity", "activitylink"]
    # Not sign-ups: an activity's page that takes sign-ups is never cached (it shows the places
    # left, which change with each sign-up), and no other public page shows them.
