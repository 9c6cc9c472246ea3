"""Newsletter pieces for other apps' pages (a group's page), built from what the page's view
fetched: the tags themselves never query."""

from django import template

from newsletters.forms import SubscribeForm

register = template.Library()


@register.simple_tag
def group_subscribe_form(group, newsletters, offered, offers_all=True):
    """A subscribe form offering ``offered`` (every published newsletter if ``offers_all``)
    with the group's own (``newsletters``) chosen, all fetched by the page's view; None if the
    group has none."""
    if not newsletters:
        return None
    return SubscribeForm(
        initial={"newsletters": list(newsletters), "source": f"Group page: {group.name}"[:200]},
        offered=offered,
        offers_all=offers_all,
    )


@register.filter
def file_size(size) -> str:
    """A file size as people read it: "850 KB", "2.4 MB"."""
    if not size:
        return ""
    if size < 1024 * 1024:
        return f"{max(round(size / 1024), 1)} KB"
    return f"{size / 1024 / 1024:.1f} MB"
