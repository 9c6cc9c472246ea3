from django.contrib.sitemaps import Sitemap

from newsletters.forms import public_newsletters
from newsletters.models import Issue


class NewsletterSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return public_newsletters().order_by("name")


class IssueSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Issue.objects.published().select_related("newsletter").order_by("-issue_date", "pk")

    def lastmod(self, obj):
        return obj.updated_at
