"""Newsletter pieces for other apps' pages (the home page, a group's page)."""

from django import template

from newsletters.models import Issue

register = template.Library()


@register.simple_tag
def latest_issue(group=None):
    """The newest published issue (of a newsletter the group publishes, if given)."""
    issues = Issue.objects.published().select_related("newsletter").order_by("-issue_date", "-pk")
    if group is not None:
        issues = issues.filter(newsletter__groups=group)
    return issues.first()


@register.filter
def file_size(size) -> str:
    """A file size as people read it: "850 KB", "2.4 MB"."""
    if not size:
        return ""
    if size < 1024 * 1024:
        return f"{max(round(size / 1024), 1)} KB"
    return f"{size / 1024 / 1024:.1f} MB"
