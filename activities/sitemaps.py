from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from activities.models import Activity
from groups.models import CommunityGroup


class ActivitySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Activity.objects.published().order_by("-start_date", "pk")

    def lastmod(self, obj):
        return obj.updated_at


class GroupActivityPagesSitemap(Sitemap):
    """Each published group's activity log and impact page."""

    changefreq = "weekly"

    def items(self):
        return [
            (name, slug)
            for slug in CommunityGroup.objects.published().values_list("slug", flat=True)
            for name in ("activities:group_activity_list", "activities:group_impact")
        ]

    def location(self, item):
        name, slug = item
        return reverse(name, kwargs={"group_slug": slug})
