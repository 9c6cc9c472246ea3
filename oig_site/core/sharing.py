"""What a page says about itself to search engines and to the previews shown when a link is
shared: its description, its address, its picture, and structured data (JSON-LD).

Every absolute address is made from the site's configured address (``SITE_URL``, see
``links.py``), never from the request's Host header: a page kept in the shared page cache must
not carry whatever host name one visitor sent.
"""

import html
import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

from oig_site.core.images import variant_name
from oig_site.core.links import absolute_url

DESCRIPTION_LENGTH = 155

# The query-string names that page through a list. A list page with only these is its own
# canonical page; a filtered list is canonical to the list without filters (its first page).
PAGINATION_PARAMETERS = ("page", "after", "before")

# The site's own share picture (made by assets/share_image.py) and its size.
SITE_IMAGE = "img/share.png"
SITE_IMAGE_SIZE = (1200, 630)
SITE_IMAGE_ALT = (
    "Two linked circles above the words '{name}: working as equals with the people who run "
    "public services'."
)

# Share previews use large pictures from about this width; below it, a small card.
LARGE_CARD_MIN_WIDTH = 600
# The largest copy made at upload that previews need: no more bytes than that.
SHARE_IMAGE_MAX_WIDTH = 1600


def plain(value) -> str:
    """Rendered HTML (or rich text) as one line of plain text: tags removed, then entities
    decoded (so escaped text such as "&lt;b&gt;" stays as the words it was), runs of white
    space made single spaces."""
    text = html.unescape(strip_tags(str(value or "")))
    return re.sub(r"\s+", " ", text).strip()


def summarise(value, limit: int = DESCRIPTION_LENGTH) -> str:
    """``value`` as plain text of at most ``limit`` characters, cut at a whole word, with an
    ellipsis when cut."""
    text = plain(value)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def absolute(url: str) -> str:
    """An address on the site (``/media/...``) made absolute; one already absolute (a CDN's)
    is kept."""
    if url.startswith(("https://", "http://")):
        return url
    if url.startswith("//"):
        return "https:" + url
    return absolute_url(url)


def canonical_url(request) -> str:
    """The page's canonical address: its path on the site's address, keeping a page number or
    cursor (each page of a list is a page of its own) unless the list is filtered, when it is
    the list without filters."""
    query = request.GET
    if any(name not in PAGINATION_PARAMETERS for name in query):
        return absolute_url(request.path)
    kept = [
        (name, query[name])
        for name in PAGINATION_PARAMETERS
        if query.get(name) and (name, query[name]) != ("page", "1")
    ]
    return absolute_url(request.path) + (f"?{urlencode(kept)}" if kept else "")


@dataclass(frozen=True)
class ShareImage:
    url: str
    alt: str
    width: int | None = None
    height: int | None = None

    @property
    def is_large(self) -> bool:
        return bool(self.width and self.width >= LARGE_CARD_MIN_WIDTH)


def site_image() -> ShareImage:
    alt = SITE_IMAGE_ALT.format(name=settings.SITE_NAME)
    return ShareImage(absolute(static(SITE_IMAGE)), alt, *SITE_IMAGE_SIZE)


def share_image(obj, alt: str = "") -> ShareImage:
    """The picture of ``obj`` (an ``ImageWithAltText``, public) for share previews: the largest
    copy made at upload up to ``SHARE_IMAGE_MAX_WIDTH`` wide, or the picture itself. Read from
    the widths recorded at upload, so the storage is never asked which files exist. Without a
    picture: the site's own. ``alt`` is used when the picture is marked decorative."""
    field = getattr(obj, "image", None)
    if not field or getattr(obj, "image_private", False):
        return site_image()
    width, height = obj.image_width, obj.image_height
    description = obj.image_alt if not obj.image_decorative else alt
    description = description or alt or str(obj)
    if width and width > SHARE_IMAGE_MAX_WIDTH:
        smaller = [w for w in obj.image_variants or () if w <= SHARE_IMAGE_MAX_WIDTH]
        if smaller:
            chosen = max(smaller)
            url = field.storage.url(variant_name(field.name, chosen))
            scaled = round(height * chosen / width) if height else None
            return ShareImage(absolute(url), description, chosen, scaled)
    return ShareImage(absolute(field.url), description, width, height)


_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` block. ``<``, ``>`` and ``&`` are
    written as JSON escapes (as Django's ``json_script`` does), so no text in it can end the
    block. A data block is never run, so the Content-Security-Policy's script rule does not
    apply to it."""
    if not data:
        return mark_safe("")  # noqa: S308 - an empty string
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just here
    )


SITE_DESCRIPTION = (
    "Community groups of people with lived experience of public services, working as equals "
    "with the people who run them."
)


def site_organisation_data() -> dict:
    """The site as a schema.org ``Organization``, for its home page."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": site_image().url,
        "description": SITE_DESCRIPTION,
    }
    if settings.SITE_CONTACT_PHONE:
        data["telephone"] = settings.SITE_CONTACT_PHONE
    return data
