"""Atom feeds: readers show an entry's summary as HTML, so text from the site is escaped in it."""

import html
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, CommunityGroupFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PAYLOAD = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"


@pytest.mark.parametrize("feed", ["site", "group"])
def test_summaries_are_text_not_markup(client, feed):
    group = CommunityGroupFactory(name=f"Tenants {PAYLOAD}", slug="tenants")
    ActivityFactory(groups=[group], title=f"Meeting {PAYLOAD}", summary=f"Notes {PAYLOAD}")
    url = (
        reverse("activities:feed")
        if feed == "site"
        else reverse("activities:group_feed", args=[group.slug])
    )
    entry = ET.fromstring(client.get(url).content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # What a feed reader renders: the HTML in the summary, decoded once, is the plain text.
    assert "<script>" not in summary.text
    assert "<img" not in summary.text
    assert html.unescape(summary.text).endswith(f"Notes {PAYLOAD}")
    assert f"Tenants {PAYLOAD}" in html.unescape(summary.text)
    # Titles are Atom text, shown as they are.
    assert entry.findtext(f"{ATOM}title") == f"Meeting {PAYLOAD}"
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
