from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from newsletters.models import Issue, Newsletter
from oig_site.core.feeds import PublishedItemsFeed
from oig_site.core.views import published_or_404


class NewsletterFeed(PublishedItemsFeed):
    """An Atom feed of a newsletter's published issues, newest first."""

    def get_object(self, request, slug):
        return published_or_404(Newsletter, slug=slug)

    def title(self, obj):
        return obj.name

    def subtitle(self, obj):
        return obj.description or f"New issues of {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def author_name(self, obj):
        return settings.SITE_NAME

    def items(self, obj):
        return (
            Issue.objects.published()
            .filter(newsletter=obj)
            .select_related("newsletter")
            .order_by("-issue_date", "-pk")[:20]
        )

    def item_title(self, item):
        return f"{item.newsletter.name}: {item.title}"

    def item_description(self, item):
        return Truncator(strip_tags(item.introduction)).words(60, truncate="…")
