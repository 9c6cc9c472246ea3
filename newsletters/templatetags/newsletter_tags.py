"""Newsletter pieces for other apps' pages (the home page, a group's page)."""

from django import template

from newsletters.forms import SubscribeForm
from newsletters.models import Issue, Newsletter

register = template.Library()


@register.simple_tag
def latest_issue(group=None):
    """The newest published issue (of a newsletter the group publishes, if given)."""
    issues = Issue.objects.published().select_related("newsletter").order_by("-issue_date", "-pk")
    if group is not None:
        issues = issues.filter(newsletter__groups=group)
    return issues.first()


@register.simple_tag
def group_subscribe_form(group):
    """A subscribe form with the group's own newsletters chosen, or None if it has none."""
    newsletters = list(Newsletter.objects.published().filter(groups=group))
    if not newsletters:
        return None
    return SubscribeForm(
        initial={"newsletters": newsletters, "source": f"Group page: {group.name}"[:200]}
    )


@register.filter
def file_size(size) -> str:
    """A file size as people read it: "850 KB", "2.4 MB"."""
    if not size:
        return ""
    if size < 1024 * 1024:
        return f"{max(round(size / 1024), 1)} KB"
    return f"{size / 1024 / 1024:.1f} MB"
