from django import template
from django.utils.safestring import mark_safe

from oig_site.fields import sanitize_rich_text

register = template.Library()


@register.inclusion_tag("includes/_breadcrumbs.html")
def breadcrumbs(*args):
    """``{% breadcrumbs "Groups" groups_url "Parent Power" %}``: label, url pairs, then the
    current page's label."""
    *pairs, current = args
    return {"trail": list(zip(pairs[::2], pairs[1::2], strict=True)), "current": current}


@register.filter
def rich_text(value: str) -> str:
    """Show rich text from the admin. It was sanitised when saved; it is cleaned again here so
    nothing unsafe can reach a page even if it got into the database some other way."""
    return mark_safe(sanitize_rich_text(value or ""))  # noqa: S308 - sanitised by nh3 just above
