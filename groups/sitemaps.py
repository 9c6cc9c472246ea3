from groups.models import CommunityGroup, MemberStory, Organisation, Topic
from oig_site.core.sitemaps import RowSitemap


class GroupSitemap(RowSitemap):
    changefreq = "monthly"
    url_name = "groups:group_detail"
    lastmod_column = "updated_at"

    def queryset(self):
        return CommunityGroup.objects.published()


class StorySitemap(RowSitemap):
    changefreq = "yearly"
    url_name = "groups:story_detail"
    url_columns = {"group_slug": "group__slug", "slug": "slug"}
    lastmod_column = "updated_at"

    def queryset(self):
        return MemberStory.objects.published()


class TopicSitemap(RowSitemap):
    changefreq = "monthly"
    url_name = "groups:topic_detail"

    def queryset(self):
        return Topic.objects.published()


class OrganisationSitemap(RowSitemap):
    changefreq = "yearly"
    url_name = "groups:organisation_detail"

    def queryset(self):
        return Organisation.objects.published()
