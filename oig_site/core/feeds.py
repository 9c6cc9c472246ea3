"""The base of every Atom feed on the site."""

from django.contrib.syndication.views import Feed

from oig_site.core.feedgenerator import Atom1Feed


class PublishedItemsFeed(Feed):
    """An Atom feed of published pages: each entry links to the page (Django's default, its
    ``get_absolute_url()``), is dated when it was published and updated when it last changed."""

    feed_type = Atom1Feed

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at
