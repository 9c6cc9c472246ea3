from django.apps import AppConfig


class AsksConfig(AppConfig):
    name = "asks"
    verbose_name = "Asks: what groups asked for, and what happened"

    # What coordinators may do, always limited to their own groups (see groups/roles.py); site
    # editors manage all of this app's models. Coordinators may delete an ask only while it is
    # not declined or unanswered (see asks/admin.py): those are archived instead.
    coordinator_permissions = {
        "ask": ["view", "add", "change", "delete"],
        "askupdate": ["view", "add", "change", "delete"],
    }
    site_editors_manage_all = True

    # What public pages show: a change of any of these makes every cached page afresh.
    public_models = ["ask", "askupdate"]
