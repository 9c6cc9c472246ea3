from django.db.models import Exists, OuterRef

from asks.models import Ask
from asks.views import bodies_with_ledger
from groups.models import CommunityGroup
from oig_site.core.sitemaps import RowSitemap


class AskSitemap(RowSitemap):
    changefreq = "monthly"
    url_name = "asks:ask_detail"
    lastmod_column = "updated_at"

    def queryset(self):
        return Ask.objects.published()


class GroupAskPagesSitemap(RowSitemap):
    """Each published group's "What we've asked for", for the groups with a published ask."""

    changefreq = "weekly"
    url_name = "asks:group_ask_list"
    url_columns = {"group_slug": "slug"}

    def queryset(self):
        asks = Ask.groups.through.objects.filter(
            communitygroup=OuterRef("pk"), ask__in=Ask.objects.published()
        )
        return CommunityGroup.objects.published().filter(Exists(asks))


class BodyAskPagesSitemap(RowSitemap):
    """Each body's "What groups have asked us": those with a published ask."""

    changefreq = "weekly"
    url_name = "asks:organisation_ask_list"

    def queryset(self):
        return bodies_with_ledger()
