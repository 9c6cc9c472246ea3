from django.apps import AppConfig
from django.db.models.signals import pre_save
from django_cleanup.signals import cleanup_post_delete

from oig_site.core import (
    checks,  # noqa: F401  (registers the deployment checks)
    file_cleanup,
    lookups,  # noqa: F401  (registers the lookups)
    pagecache,
)


class OigSiteConfig(AppConfig):
    name = "oig_site"
    verbose_name = "Site"

    # What public pages show: a save or delete of any of these makes every cached page afresh
    # (see oig_site/core/pagecache.py). The glossary is shown on most pages.
    public_models = ["siteglossaryterm", "easyreadpage", "easyreadpageline"]
    # What site editors manage here (see groups/roles.py).
    site_editor_models = ["siteglossaryterm", "easyreadpage", "easyreadpageline"]

    def ready(self):
        cleanup_post_delete.connect(
            file_cleanup.delete_renditions, dispatch_uid="oig_site_delete_renditions"
        )
        pre_save.connect(file_cleanup.files_on_raw_save, dispatch_uid="oig_site_raw_save")
        pagecache.connect_invalidation()
