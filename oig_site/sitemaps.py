from activities.sitemaps import ActivitySitemap, GroupActivityPagesSitemap
from asks.sitemaps import AskSitemap, BodyAskPagesSitemap, GroupAskPagesSitemap
from groups.sitemaps import GroupSitemap, OrganisationSitemap, StorySitemap, TopicSitemap
from newsletters.sitemaps import IssueSitemap, NewsletterSitemap
from oig_site.core.sitemaps import PageSitemap


class StaticPageSitemap(PageSitemap):
    page_names = [
        "home",
        "about_coproduction",
        "accessibility",
        "groups:group_list",
        "groups:topic_list",
        "activities:activity_list",
        "activities:whats_on",
        "newsletters:archive",
        "enquiries:get_involved",
        "enquiries:contact",
        "privacy",
    ]


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
    "asks": AskSitemap,
    "group-asks": GroupAskPagesSitemap,
    "body-asks": BodyAskPagesSitemap,
}
