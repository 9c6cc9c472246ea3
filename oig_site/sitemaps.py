from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from activities.sitemaps import ActivitySitemap, GroupActivityPagesSitemap
from groups.sitemaps import GroupSitemap, OrganisationSitemap, StorySitemap, TopicSitemap
from newsletters.sitemaps import IssueSitemap, NewsletterSitemap


class StaticPageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "about_coproduction",
            "accessibility",
            "groups:group_list",
            "groups:topic_list",
            "activities:activity_list",
            "activities:whats_on",
            "newsletters:archive",
        ]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "pages": StaticPageSitemap,
    "groups": GroupSitemap,
    "stories": StorySitemap,
    "topics": TopicSitemap,
    "organisations": OrganisationSitemap,
    "activities": ActivitySitemap,
    "group-activities": GroupActivityPagesSitemap,
    "newsletters": NewsletterSitemap,
    "issues": IssueSitemap,
}
