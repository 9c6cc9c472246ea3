from newsletters.models import Issue, Newsletter
from oig_site.core.sitemaps import RowSitemap


class NewsletterSitemap(RowSitemap):
    changefreq = "monthly"
    url_name = "newsletters:newsletter_detail"

    def queryset(self):
        return Newsletter.objects.published()


class IssueSitemap(RowSitemap):
    changefreq = "yearly"
    url_name = "newsletters:issue_detail"
    url_columns = {"newsletter_slug": "newsletter__slug", "slug": "slug"}
    lastmod_column = "updated_at"

    def queryset(self):
        return Issue.objects.published()
