"""The Atom feed every feed on the site uses."""

from django.utils import feedgenerator

from oig_site.core.text import plain_text


def _clean(value):
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return value


class Atom1Feed(feedgenerator.Atom1Feed):
    """Django's Atom feed with control characters taken out of every text: XML 1.0 cannot hold
    them, and Django refuses to write them (a 500 for the whole feed, from one stray character
    pasted into a title)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})
