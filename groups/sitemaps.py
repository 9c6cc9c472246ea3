from django.contrib.sitemaps import Sitemap

from groups.models import CommunityGroup, MemberStory, Organisation, Topic


class GroupSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return CommunityGroup.objects.published()

    def lastmod(self, obj):
        return obj.updated_at


class StorySitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return MemberStory.objects.published().select_related("group")

    def lastmod(self, obj):
        return obj.updated_at


class TopicSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Topic.objects.published()


class OrganisationSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Organisation.objects.published()
