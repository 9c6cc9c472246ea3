from django.apps import AppConfig


class OigSiteConfig(AppConfig):
    name = "oig_site"
    verbose_name = "Site"
