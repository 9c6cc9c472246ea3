"""Atom feeds of newly logged activities, for the site and for each group."""

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from activities.models import Activity
from groups.models import CommunityGroup
from oig_site.core.feeds import PublishedItemsFeed
from oig_site.core.views import published_or_404

FEED_LENGTH = 20


class ActivityFeed(PublishedItemsFeed):
    def title(self):
        return f"{settings.SITE_NAME}: activities"

    def subtitle(self):
        return "What the groups have done and will do, newest first."

    def link(self):
        return reverse("activities:activity_list")

    def activities(self):
        return Activity.objects.published()

    def items(self):
        return self.activities().for_lists().order_by("-publish_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom readers show a summary as HTML: the plain text is escaped, so whatever a title,
        # a group's name or a summary says is shown as text and never becomes markup.
        date = item.start_date.strftime("%-d %B %Y")
        groups = ", ".join(group.name for group in item.public_groups)
        return escape(f"{date} ({item.get_kind_display()}, {groups}). {item.summary}")

    def item_categories(self, item):
        return [item.get_kind_display(), *(topic.name for topic in item.topics.all())]

    def author_name(self):
        return settings.SITE_NAME


class GroupActivityFeed(ActivityFeed):
    def get_object(self, request, group_slug):
        return published_or_404(CommunityGroup, slug=group_slug)

    def title(self, obj):
        return f"{obj.name}: activities"

    def author_name(self, obj):
        return obj.name

    def subtitle(self, obj):
        return f"What {obj.name} has done and will do, newest first."

    def link(self, obj):
        return reverse("activities:group_activity_list", kwargs={"group_slug": obj.slug})

    def items(self, obj):
        return obj.activities.published().for_lists().order_by("-publish_at", "-pk")[:FEED_LENGTH]
