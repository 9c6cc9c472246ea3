from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    name = "enquiries"
    verbose_name = "Enquiries"

    # Coordinators read their own groups' enquiries, mark them replied or closed, keep notes on
    # them and delete them when asked to (see groups/roles.py); site editors manage them all.
    coordinator_permissions = {"enquiry": ["view", "change", "delete"]}
    site_editors_manage_all = True

    # No public page shows an enquiry, so none is listed in ``public_models``.
