"""The benchmark's look inside the site, run as ``python -m bench.probe OUT.json`` with the
same environment (database, settings) as the server being measured.

It finds one typical page of each kind in the database (a published group with activities, an
activity, a topic, an issue...), follows the activity log's own links to a deep page, and counts
each page's SQL queries with Django's test client (the second request, so that start-up work is
not counted). It writes what it found to OUT.json for ``bench/run.py``. If ``bench/sending.py``
exists, its ``run(recipients=...)`` is called too and its figures included.
"""

import importlib
import importlib.util
import json
import os
import re
import sys
import time
from html import unescape
from urllib.parse import urljoin, urlsplit

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oig_site.settings")
django.setup()

from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from activities.models import Activity  # noqa: E402
from groups.models import CommunityGroup, Topic  # noqa: E402
from newsletters.models import Issue, Newsletter, Subscriber  # noqa: E402
from oig_site import scale_data  # noqa: E402

HREF = re.compile(r"""<a\b[^>]*\bhref=["']([^"']+)["'][^>]*>(.*?)</a>""", re.S | re.I)
REL_NEXT = re.compile(r"""<a\b[^>]*\brel=["']next["'][^>]*\bhref=["']([^"']+)["']""", re.I)
REL_NEXT_2 = re.compile(r"""<a\b[^>]*\bhref=["']([^"']+)["'][^>]*\brel=["']next["']""", re.I)
NEXT_WORDS = ("next", "older")
SITEMAP_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
NO_MATCH_QUERY = "zqxjv+wombatquokka"
# A word in few pages, and a misspelt group name (the search falls back on similar names).
RARE_QUERY = "Truro"
MISSPELT_QUERY = "Oxfrod+Influnce+Grup"


def local(url: str) -> str:
    """A link as a path and query on this site."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def next_link(html: str, current: str) -> str | None:
    """The page's own link to the next (older) page of a list: rel="next" if it has one, else a
    link whose words say "next" or "older"."""
    match = REL_NEXT.search(html) or REL_NEXT_2.search(html)
    if match:
        return urljoin(current, unescape(match.group(1)))
    for href, text in HREF.findall(html):
        words = re.sub(r"<[^>]+>", " ", text).strip().lower()
        if any(words.startswith(word) for word in NEXT_WORDS):
            return urljoin(current, unescape(href))
    return None


def page_numbers(html: str) -> list[int]:
    return [int(number) for number in re.findall(r"[?&;]page=(\d+)", html)]


def deep_page(client: Client, start: str, depth: int) -> tuple[str, str]:
    """A page ``depth`` pages into the list at ``start``, and how it was reached: straight by
    its number if the list numbers its pages, else by following its "next" links."""
    response = client.get(start)
    html = response.content.decode(errors="replace")
    link = next_link(html, start)
    if link is None:
        return start, "the list has one page"
    if "page=2" in link:
        wanted = f"{start}?page={depth}"
        if client.get(wanted).status_code == 200:
            return wanted, f"page {depth} by number"
        last = max(page_numbers(html) or [1])
        # The last page the list links to (its numbered links may stop short of it).
        return f"{start}?page={last}", f"page {last} by number (the list has fewer than {depth})"
    current, hops = start, 0
    while link and hops < depth - 1:
        current = local(link)
        html = client.get(current).content.decode(errors="replace")
        link = next_link(html, current)
        hops += 1
    return current, f"page {hops + 1}, reached by following its 'next' links"


def typical_pages(client: Client) -> list[dict]:
    """One page of each kind, from what the database holds."""
    activities = Activity.objects.published().order_by("pk")
    total = activities.count()
    activity = activities[total // 2] if total else None
    group = None
    if activity is not None:
        group = CommunityGroup.objects.published().filter(activities=activity).first()
    group = group or CommunityGroup.objects.published().order_by("pk").first()
    topic = (
        Topic.objects.published().filter(slug="housing").first()
        or Topic.objects.published().first()
    )
    issue = Issue.objects.published().newest_first().first()
    newsletter = issue.newsletter if issue else Newsletter.objects.published().first()
    deep_depth = int(os.environ.get("BENCH_DEEP_PAGE", "2000"))
    log = reverse("activities:activity_list")
    deep, deep_how = deep_page(client, log, deep_depth)

    search = reverse("search")
    pages = [
        ("home", reverse("home"), "list"),
        ("activity log", log, "list"),
        ("activity log, deep page", deep, "list"),
        ("what's on", reverse("activities:whats_on"), "list"),
        ("groups", reverse("groups:group_list"), "list"),
        ("topics", reverse("groups:topic_list"), "list"),
        ("newsletter archive", reverse("newsletters:archive"), "list"),
        ("search 'housing'", search + "?q=housing", "search"),
        ("search, rare word", search + "?q=" + RARE_QUERY, "search"),
        ("search, misspelt", search + "?q=" + MISSPELT_QUERY, "search"),
        ("search, newsletters only", search + "?q=housing&kind=newsletters", "search"),
        ("search, activities page 2", search + "?q=housing&kind=activities&page=2", "search"),
        ("search, no match", search + "?q=" + NO_MATCH_QUERY, "search"),
        ("activities feed", reverse("activities:feed"), "feed"),
        ("site calendar .ics", reverse("activities:site_calendar"), "calendar"),
        ("sitemap.xml", reverse("sitemap"), "sitemap"),
    ]
    if activity is not None:
        pages.append(("activity", activity.get_absolute_url(), "detail"))
    if group is not None:
        slug = {"group_slug": group.slug}
        pages += [
            ("group page", group.get_absolute_url(), "detail"),
            ("group activity log", reverse("activities:group_activity_list", kwargs=slug), "list"),
            ("group calendar .ics", reverse("activities:group_calendar", kwargs=slug), "calendar"),
            ("group impact", reverse("activities:group_impact", kwargs=slug), "impact"),
            ("group impact CSV", reverse("activities:group_csv", kwargs=slug), "impact"),
            ("group feed", reverse("activities:group_feed", kwargs=slug), "feed"),
        ]
    if topic is not None:
        pages.append(("topic", topic.get_absolute_url(), "detail"))
    if newsletter is not None:
        pages.append(("newsletter", newsletter.get_absolute_url(), "detail"))
        pages.append(
            (
                "newsletter feed",
                reverse("newsletters:feed", kwargs={"slug": newsletter.slug}),
                "feed",
            )
        )
    if issue is not None:
        pages.append(("issue", issue.get_absolute_url(), "detail"))
    found = [{"name": name, "path": path, "kind": kind} for name, path, kind in pages]
    for page in found:
        if page["name"] == "activity log, deep page":
            page["note"] = deep_how
    return found


def sub_sitemaps(client: Client, limit: int) -> list[dict]:
    """If the sitemap is an index, its first files (up to ``limit``), the activities' files (the
    largest) and its last."""
    body = client.get(reverse("sitemap")).content.decode(errors="replace")
    if "<sitemapindex" not in body:
        return []
    locations = [local(unescape(url)) for url in SITEMAP_LOC.findall(body)]
    chosen = locations[:limit] + [path for path in locations if "activities" in path]
    chosen = list(dict.fromkeys([*chosen, locations[-1]]))
    return [
        {"name": f"sitemap file {path.lstrip('/')}", "path": path, "kind": "sitemap"}
        for path in chosen
    ]


def count_queries(client: Client, path: str) -> dict:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - started
    return {
        "status": response.status_code,
        "queries": len(queries.captured_queries),
        "in_process_ms": round(seconds * 1000, 1),
    }


def static_file() -> str:
    return staticfiles_storage.url("img/favicon.svg")


def sending_figures(recipients: int) -> dict | None:
    """The newsletter-sending benchmark's figures, if the project has one (bench/sending.py)."""
    if importlib.util.find_spec("bench.sending") is None:
        return None
    sending = importlib.import_module("bench.sending")
    return sending.run(recipients=recipients)


def main(out: str) -> None:
    client = Client(raise_request_exception=False, HTTP_HOST="localhost")
    pages = typical_pages(client)
    pages += sub_sitemaps(client, limit=int(os.environ.get("BENCH_SITEMAP_PARTS", "2")))
    for page in pages:
        page.update(count_queries(client, page["path"]))
    result = {
        "pages": pages,
        "static": static_file(),
        "data": scale_data.counts(),
        "database": connection.vendor,
    }
    if os.environ.get("BENCH_SENDING", "1") != "0":
        result["sending"] = sending_figures(Subscriber.objects.count())
    with open(out, "w") as handle:
        json.dump(result, handle, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
