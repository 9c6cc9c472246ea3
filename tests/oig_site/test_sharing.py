"""Pages that share well: OpenGraph and Twitter tags, canonical links, titles, descriptions and
JSON-LD, read back with extruct (a structured-data parser independent of the site's code)."""

import datetime as dt
import json
import re
from io import StringIO

import extruct
import pytest
from django.core.management import call_command

from activities.models import Activity
from groups.models import CommunityGroup
from tests.browser.test_accessibility import PAGES
from tests.html import tags

pytestmark = pytest.mark.django_db

SITE = "https://coproduction.example.org"

PAGE_TYPES = {
    **PAGES,
    "get involved": "/get-involved/",
    "group's get involved": "/groups/parent-power/get-involved/",
    "contact": "/contact/",
    "privacy": "/privacy/",
    "newsletter archive, page 2": "/newsletters/?page=2",
}
ERROR_PAGES = {PAGES["not found"]: 404, PAGES["broken confirmation link"]: 400}


@pytest.fixture
def demo(settings):
    settings.SITE_URL = SITE
    call_command("load_demo_content", stdout=StringIO())


def extract(response) -> dict:
    return extruct.extract(
        response.content.decode(),
        base_url=f"{SITE}/",
        syntaxes=["opengraph", "json-ld"],
        uniform=True,
    )


def opengraph(response) -> dict:
    """The page's OpenGraph properties ({} if it has none)."""
    found = extract(response)["opengraph"]
    assert len(found) <= 1
    return found[0] if found else {}


def head_meta(response) -> dict:
    """Every <meta name=...> in the page, by name."""
    return {m["name"]: m["content"] for m in tags(response, "meta") if "name" in m}


def canonical(response) -> list[str]:
    return [link["href"] for link in tags(response, "link") if link.get("rel") == "canonical"]


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def sharing_problems(response, path) -> list[str]:
    """What is missing or wrong in one page's share tags (an empty list when all is well)."""
    problems = []

    def check(ok, message):
        if not ok:
            problems.append(message)

    check(response.status_code == ERROR_PAGES.get(path, 200), f"status {response.status_code}")
    og = opengraph(response)
    meta = head_meta(response)
    check(og.get("og:title"), "no og:title")
    check(og.get("og:description"), "no og:description")
    check(og.get("@type") in {"website", "article"}, f"og:type {og.get('@type')}")  # extruct's name
    check(og.get("og:site_name") == "Co-production Groups", "og:site_name")
    check(og.get("og:locale") == "en_GB", "og:locale")
    check(og.get("og:image", "").startswith(f"{SITE}/"), f"og:image {og.get('og:image')}")
    check(og.get("og:image:alt"), "no og:image:alt")
    check(meta.get("twitter:card") in {"summary", "summary_large_image"}, "twitter:card")
    check(meta.get("twitter:title") == og.get("og:title"), "twitter:title")
    check(meta.get("twitter:image") == og.get("og:image"), "twitter:image")
    check(meta.get("description") == og.get("og:description"), "description")
    check(len(meta.get("description", "")) <= 155, "description longer than 155 characters")
    if path in ERROR_PAGES or meta.get("robots") == "noindex":
        # Error pages and pages kept out of search engines name no canonical address.
        check(canonical(response) == [], "a canonical link on a page not to index")
        check("og:url" not in og, "og:url on a page not to index")
    else:
        check(canonical(response) == [og.get("og:url")], "canonical is not og:url")
        check(og.get("og:url", "").startswith(f"{SITE}/"), f"og:url {og.get('og:url')}")
    return problems


def test_every_public_page_type_has_valid_opengraph_and_twitter_tags(client, demo):
    problems = {}
    for name, path in PAGE_TYPES.items():
        found = sharing_problems(client.get(path), path)
        if found:
            problems[f"{name} ({path})"] = found
    assert problems == {}


def test_the_check_finds_a_page_without_share_tags(client, demo):
    """Guards the test above: a page with none of the tags fails it."""
    response = client.get("/robots.txt")
    assert "no og:title" in sharing_problems(response, "/robots.txt")
