"""Atom feeds of what happened to the asks: site-wide, for a group, and for a body asked."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from asks.models import Ask, AskUpdate
from asks.views import bodies_with_ledger
from groups.models import CommunityGroup
from oig_site.core.feeds import PublishedItemsFeed
from oig_site.core.views import published_or_404

FEED_LENGTH = 20


class AskUpdateFeed(PublishedItemsFeed):
    """The newest updates on published asks, newest first; each entry links to the ask."""

    def title(self):
        return f"{settings.SITE_NAME}: what groups asked for, and what happened"

    def subtitle(self):
        return "Each new step on the groups' asks, newest first."

    def link(self):
        return reverse("groups:group_list")

    def asks(self, obj=None):
        return Ask.objects.published()

    def items(self, obj=None):
        return (
            AskUpdate.objects.filter(ask__in=self.asks(obj))
            .select_related("ask")
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.ask.title}"

    def item_link(self, item):
        return f"{item.ask.get_absolute_url()}#update-{item.pk}"

    def item_guid(self, item):
        return f"ask-update-{item.pk}"

    def item_description(self, item):
        date = item.date.strftime("%-d %B %Y")
        return escape(f"{date}. {item.note}".strip())

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]

    def author_name(self):
        return settings.SITE_NAME


class GroupAskUpdateFeed(AskUpdateFeed):
    def get_object(self, request, group_slug):
        return published_or_404(CommunityGroup, slug=group_slug)

    def title(self, obj):
        return f"{obj.name}: what we asked for, and what happened"

    def subtitle(self, obj):
        return f"Each new step on {obj.name}'s asks, newest first."

    def author_name(self, obj):
        return obj.name

    def link(self, obj):
        return reverse("asks:group_ask_list", kwargs={"group_slug": obj.slug})

    def asks(self, obj=None):
        return Ask.objects.published().filter(groups=obj)


class OrganisationAskUpdateFeed(AskUpdateFeed):
    def get_object(self, request, slug):
        return get_object_or_404(bodies_with_ledger(), slug=slug)

    def title(self, obj):
        return f"What groups asked {obj.name}, and how it responded"

    def subtitle(self, obj):
        return f"Each new step on the asks put to {obj.name}, newest first."

    def author_name(self, obj):
        return settings.SITE_NAME

    def link(self, obj):
        return reverse("asks:organisation_ask_list", kwargs={"slug": obj.slug})

    def asks(self, obj=None):
        return Ask.objects.published().filter(organisations=obj)
