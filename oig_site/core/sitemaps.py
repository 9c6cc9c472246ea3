"""Sitemaps that stay small in time and memory however large the site grows.

``/sitemap.xml`` is an index (Django's ``index`` view) of files of at most ``URLS_PER_FILE``
addresses each, the limit of the sitemap protocol. Each file is written by ``sitemap_file``
straight from the database's rows: only the columns an address needs (a slug or two and the
date of the last change) are read, a few thousand rows at a time, and no model instance is
built. Both are cached for ``CACHE_SECONDS`` through Django's cache framework: they change
rarely, and a search engine reads them seldom.
"""

from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index, x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, InvalidPage
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast, TruncDate
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control, cache_page

# The sitemap protocol allows at most 50,000 addresses in one file.
URLS_PER_FILE = 50_000
# How long a sitemap file is kept before it is written again.
CACHE_SECONDS = 10 * 60
# Rows read from the database at a time while a file is written.
CHUNK_SIZE = 2_000


class RowSitemap(Sitemap):
    """A sitemap section whose items are rows of a few columns, never model instances.

    A subclass names the page's URL (``url_name``), which column fills each of its arguments
    (``url_columns``: ``{"slug": "slug"}``, ``{"group_slug": "group__slug", ...}``), the
    column with the date of the last change if any (``lastmod_column``), and its published
    queryset (``queryset()``). Addresses are built from one ``reverse()`` per file, not one
    per row."""

    limit = URLS_PER_FILE
    url_name = ""
    url_columns: dict[str, str] = {"slug": "slug"}
    lastmod_column: str | None = None

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def items(self):
        # Ordered by primary key: a stable order for the files, served by the index. The day
        # of the last change comes as text ("2025-03-01"), ready to write.
        rows = self.queryset().order_by("pk")
        columns = list(self.url_columns.values())
        if self.lastmod_column:
            rows = rows.annotate(
                lastmod_day=Cast(TruncDate(self.lastmod_column), output_field=CharField())
            )
            columns.append("lastmod_day")
        return rows.values_list(*columns)

    def address_template(self) -> str:
        """The page's address with a placeholder for each argument, from one reverse()."""
        if not hasattr(self, "_address_template"):
            placeholders = {name: f"0-{name}-0" for name in self.url_columns}
            self._address_template = reverse(self.url_name, kwargs=placeholders)
        return self._address_template

    def location(self, item):
        address = self.address_template()
        for position, name in enumerate(self.url_columns):
            address = address.replace(f"0-{name}-0", str(item[position]), 1)
        return address

    def lastmod(self, item):
        """The day of the last change, as text, or None."""
        return item[len(self.url_columns)] if self.lastmod_column else None

    def get_latest_lastmod(self):
        # Django's default reads every item to find the latest; the index does without.
        return None


class PageSitemap(Sitemap):
    """A short, fixed list of pages by URL name."""

    limit = URLS_PER_FILE
    changefreq = "monthly"
    page_names: list[str] = []

    def items(self):
        return self.page_names

    def location(self, item):
        return reverse(item)


def _url_lines(site: Sitemap, rows, base: str):
    frequency = getattr(site, "changefreq", None)
    changefreq = f"<changefreq>{frequency}</changefreq>" if frequency else ""
    for item in rows:
        lastmod = site.lastmod(item) if hasattr(site, "lastmod") else None
        lastmod_tag = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        yield f"<url><loc>{escape(base + site.location(item))}</loc>{lastmod_tag}{changefreq}</url>"


@x_robots_tag
def _sitemap_file(request, sitemaps: dict, section: str):
    site_class = sitemaps.get(section)
    if site_class is None:
        raise Http404("No such sitemap.")
    site = site_class()
    try:
        page = site.paginator.page(request.GET.get("p") or 1)
    except (EmptyPage, InvalidPage, ValueError, OverflowError) as error:
        raise Http404("No such page of this sitemap.") from error
    rows = page.object_list
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=CHUNK_SIZE)
    base = f"{request.scheme}://{get_current_site(request).domain}"
    content = "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            *_url_lines(site, rows, base),
            "</urlset>",
            "",
        ]
    )
    return HttpResponse(content, content_type="application/xml")


# Kept ten minutes here, and as long by a proxy in front (nginx's micro-cache): "public"
# says so, since the files are the same for everyone.
sitemap_file = cache_control(public=True)(cache_page(CACHE_SECONDS)(_sitemap_file))
sitemap_index = cache_control(public=True)(cache_page(CACHE_SECONDS)(index))
