from django.apps import AppConfig


class OigSiteConfig(AppConfig):
    name = "oig_site"
    verbose_name = "Site"

    def ready(self):
        from oig_site import checks  # noqa: F401  (registers the deployment checks)
