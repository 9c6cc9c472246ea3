from django.apps import AppConfig


class OigSiteConfig(AppConfig):
    name = "oig_site"
    verbose_name = "Site"

    def ready(self):
        from django_cleanup.signals import cleanup_post_delete

        from oig_site.images import delete_renditions

        cleanup_post_delete.connect(delete_renditions, dispatch_uid="oig_site_delete_renditions")
