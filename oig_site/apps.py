from django.apps import AppConfig


class OigSiteConfig(AppConfig):
    name = "oig_site"
    verbose_name = "Site"

    def ready(self):
        from oig_site import lookups  # noqa: F401 - registers the lookups
