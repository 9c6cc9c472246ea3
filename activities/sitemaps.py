from django.urls import reverse

from activities.models import Activity
from groups.models import CommunityGroup
from oig_site.core.sitemaps import RowSitemap


class ActivitySitemap(RowSitemap):
    changefreq = "monthly"
    url_name = "activities:activity_detail"
    lastmod_column = "updated_at"

    def queryset(self):
        return Activity.objects.published()


class GroupActivityPagesSitemap(RowSitemap):
    """Each published group's activity log and impact page: two addresses a group."""

    changefreq = "weekly"
    PAGES = ("activities:group_activity_list", "activities:group_impact")

    def queryset(self):
        return CommunityGroup.objects.published()

    def items(self):
        # A list of two addresses a group: as long as the list of groups, which is short.
        return [
            (name, slug)
            for slug in super().items().values_list("slug", flat=True)
            for name in self.PAGES
        ]

    def location(self, item):
        name, slug = item
        return reverse(name, kwargs={"group_slug": slug})
