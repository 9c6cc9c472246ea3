import html
import re

from django import template
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe

from oig_site.core import sharing
from oig_site.core.fields import sanitize_rich_text
from oig_site.core.glossary import mark_abbreviations
from oig_site.core.images import variant_name
from oig_site.core.links import site_address

register = template.Library()


@register.inclusion_tag("includes/_breadcrumbs.html")
def breadcrumbs(*args):
    """``{% breadcrumbs "Groups" groups_url "Parent Power" %}``: label, url pairs, then the
    current page's label. The trail ends at the page's parent, as on GOV.UK: the page's own
    heading, just below, names it (shown twice, it read as a repeated title)."""
    *pairs, current = args
    return {"trail": list(zip(pairs[::2], pairs[1::2], strict=True)), "current": current}


@register.filter
def rich_text(value: str) -> str:
    """Show rich text from the admin. It was sanitised when saved; it is cleaned again here so
    nothing unsafe can reach a page even if it got into the database some other way."""
    return mark_safe(sanitize_rich_text(value or ""))  # noqa: S308 - sanitised by nh3 just above


@register.filter
def explained(value: str, glossary) -> str:
    """Rich text as ``rich_text`` shows it, with each term of the ``glossary`` the view fetched
    (the site's, ``site_glossary``) marked with its meaning: ``<abbr title="...">PIP</abbr>``."""
    return mark_abbreviations(value, glossary or {})


@register.filter
def plain_text(value: str) -> str:
    """Rich text as readable plain text (for the text part of e-mails): paragraphs kept apart,
    list items as "- ", and each link's address after its words."""
    text = sanitize_rich_text(value or "")
    text = re.sub(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", text, flags=re.S)
    text = re.sub(r"<li[^>]*>", "\n- ", text)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"</(p|h[1-6]|blockquote|ul|ol)>", "\n\n", text)
    text = html.unescape(strip_tags(text))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@register.filter
def absolute_links(value: str) -> str:
    """Links within the site made absolute with ``SITE_URL``, for e-mails read outside it.
    Keeps the value safe if it was safe (it only inserts the escaped site address)."""
    base = escape(site_address())
    result = re.sub(r'(href|src)="/(?!/)', rf'\1="{base}/', str(value or ""))
    return mark_safe(result) if hasattr(value, "__html__") else result  # noqa: S308


@register.simple_tag
def responsive_image(obj, sizes="(min-width: 992px) 640px, 100vw"):
    """The picture of ``obj`` (an ``ImageWithAltText``) as an <img> with the smaller copies
    made at upload in ``srcset``, its size (so the page does not jump while it loads) and its
    text alternative (empty when decorative). The copies come from the widths recorded when
    they were made: showing a page never asks the storage which files exist."""
    field, width, height = obj.image, obj.image_width, obj.image_height
    if not field:
        return ""
    candidates = []
    if width:
        candidates = [
            f"{field.storage.url(variant_name(field.name, variant_width))} {variant_width}w"
            for variant_width in obj.image_variants or ()
            if variant_width < width
        ]
        candidates.append(f"{field.url} {width}w")
    return format_html(
        '<img class="page-image" src="{}"{} width="{}" height="{}" alt="{}">',
        field.url,
        format_html(' srcset="{}" sizes="{}"', ", ".join(candidates), sizes)
        if len(candidates) > 1
        else "",
        width or "",
        height or "",
        "" if obj.image_decorative else obj.image_alt,
    )


class CaptureNode(template.Node):
    # Lets {% extends %} find the blocks inside, so a child template's block fills them.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture name %}...{% endcapture %}``: renders what is inside (blocks included)
    once, into the variable ``name``, so base.html can use a page's title in several places."""
    try:
        _, name = token.split_contents()
    except ValueError as error:
        raise template.TemplateSyntaxError("capture takes one variable name") from error
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name)


@register.filter(name="plain")
def plain_filter(value) -> str:
    """Rendered HTML as one line of plain text (escaped again when shown)."""
    return sharing.plain(value)


TITLE_SEPARATOR = " – "


def _says(text: str, phrase: str) -> bool:
    """Whether ``text`` contains ``phrase`` as whole words, ignoring case ("Partners" is not
    in "Dudley Community Partnership")."""
    words = re.escape(phrase.strip().casefold())
    return re.search(rf"(?<!\w){words}(?!\w)", str(text).casefold()) is not None


@register.filter(is_safe=True)
def without_repeats(value) -> str:
    """A title made of parts joined by " – ", leaving out any part that an earlier one
    already says: "Parent Power coffee morning – Parent Power" is just the first part."""
    kept: list[str] = []
    for part in str(value).split(TITLE_SEPARATOR):
        if part.strip() and not any(_says(earlier, part) for earlier in kept):
            kept.append(part)
    return TITLE_SEPARATOR.join(kept)


@register.filter
def not_named_in(groups, text) -> list:
    """The groups whose names ``text`` (a title) does not already say."""
    return [group for group in groups if not _says(text, group.name)]


@register.filter
def summarise(value, limit=sharing.DESCRIPTION_LENGTH) -> str:
    """Plain text cut at a whole word to about a search result's length (155 characters)."""
    return sharing.summarise(value, int(limit))


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    request = context.get("request")
    return sharing.canonical_url(request) if request else ""


@register.simple_tag(takes_context=True)
def page_address(context) -> str:
    """The page's own address on the site's address, query string and all: the og:url of a
    page that names no canonical address (one kept out of search engines, an error page)."""
    request = context.get("request")
    return sharing.absolute_url(request.get_full_path()) if request else ""


@register.inclusion_tag("includes/_share_image.html")
def share_image_meta(obj=None, alt=""):
    """The og:image and twitter:image tags for ``obj``'s picture, or the site's."""
    image = sharing.share_image(obj, alt) if obj is not None else sharing.site_image()
    return {"image": image}


@register.filter
def json_ld(data):
    """``data`` (a dict) as a JSON-LD block, safely escaped."""
    return sharing.json_ld_script(data)
