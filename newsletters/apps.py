from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = "Newsletters"

    # What coordinators may do, always limited to their own groups (see groups/roles.py); site
    # editors manage all of this app's models.
    coordinator_permissions = {
        "issueeasyreadline": ["view", "add", "change", "delete"],
        "newsletter": ["view", "change"],
        "issue": ["view", "add", "change", "delete"],
        "section": ["view", "add", "change", "delete"],
        "glossaryterm": ["view", "add", "change", "delete"],
        "subscriber": ["view"],
        "subscription": ["view"],
        "question": ["view", "change"],
        "delivery": ["view"],
    }
    site_editors_manage_all = True

    # What public pages show (not subscribers or deliveries: no page shows them): a save,
    # delete or many-to-many change of any of these makes every cached page afresh (see
    # oig_site/core/pagecache.py).
    public_models = [
        "issueeasyreadline",
        "newsletter",
        "issue",
        "section",
        "glossaryterm",
        "question",
    ]
