from django.contrib.sitemaps import Sitemap

from newsletters.models import Issue, Newsletter


class NewsletterSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Newsletter.objects.published().order_by("name")


class IssueSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Issue.objects.published().select_related("newsletter").order_by("-issue_date", "pk")

    def lastmod(self, obj):
        return obj.updated_at
