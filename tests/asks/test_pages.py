import datetime as dt
import html
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from asks.models import Ask
from oig_site.core.models import SiteGlossaryTerm
from tests.factories import (
    ActivityFactory,
    AskFactory,
    CommunityGroupFactory,
    IssueFactory,
    MemberStoryFactory,
    NewsletterFactory,
    ask_update,
)


def text(response) -> str:
    """The page's words, without tags, spaces collapsed."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    words = re.sub(r"\s+", " ", html.unescape(words))
    return re.sub(r" ([.,:;)])", r"\1", words)


ATOM = "{http://www.w3.org/2005/Atom}"


def ledger_url(group):
    return reverse("asks:group_ask_list", kwargs={"group_slug": group.slug})


def titles(response):
    return [ask.title for ask in response.context["page_obj"].object_list]


# A group's ledger


def test_open_asks_come_first_then_the_newest_update(client, oig, ledger):
    response = client.get(ledger_url(oig))
    assert response.status_code == 200
    # Open: no response (update 2024-07-31), committed (2024-03-31); then done.
    assert titles(response) == ["Answer the phone", "Work with tenants", "Redesign the reception"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "done"}, ["Redesign the reception"]),
        ({"status": "no-response"}, ["Answer the phone"]),
        ({"topic": "housing"}, ["Work with tenants"]),
        ({"body": "riverside-housing"}, ["Work with tenants"]),
        ({"body": "oxford-city-council", "status": "commitment"}, ["Work with tenants"]),
    ],
)
def test_filters(client, oig, ledger, query, expected):
    assert titles(client.get(ledger_url(oig), query)) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"status": "<script>"},
        {"topic": "x" * 5000},
        {"body": "' OR 1=1 --"},
        {"page": "99999999999999999999"},
        {"page": "-1"},
        {"status": ["done", "<x>"]},
        {"topic": "\x00"},
    ],
)
def test_hostile_filter_values_give_the_list_not_an_error(client, oig, ledger, query):
    response = client.get(ledger_url(oig), query)
    if response.status_code == 400:  # a NUL in the address is turned away by the site
        return
    assert response.status_code == 200
    assert len(titles(response)) >= 1


def test_no_response_says_how_many_days_since_it_was_raised(client, oig, ledger):
    days = (timezone.localdate() - dt.date(2024, 6, 1)).days
    assert f"No response ({days} days since it was raised)" in text(client.get(ledger_url(oig)))
    page = text(client.get(ledger["silent"].get_absolute_url()))
    assert f"No response: nothing in the {days} days since it was raised." in page


def test_a_draft_or_scheduled_ask_is_not_listed(client, oig, ledger):
    AskFactory(groups=[oig], title="Secret draft", status="draft")
    AskFactory(groups=[oig], title="Not yet", publish_at=timezone.now() + dt.timedelta(days=1))
    body = text(client.get(ledger_url(oig)))
    assert "Secret draft" not in body
    assert "Not yet" not in body


def test_a_draft_ask_has_no_page(client, oig):
    draft = AskFactory(groups=[oig], status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_an_ask_of_a_draft_group_is_not_shown(client, db):
    ask = AskFactory(groups=[CommunityGroupFactory(status="draft")])
    assert client.get(ask.get_absolute_url()).status_code == 404


def test_the_group_page_links_to_its_ledger(client, oig):
    assert ledger_url(oig) in client.get(oig.get_absolute_url()).content.decode()


# An ask's page


def test_the_timeline_is_an_ordered_list_oldest_first(client, ledger):
    response = client.get(ledger["done"].get_absolute_url())
    page = response.content.decode()
    start = page.index('<ol class="timeline">')
    timeline = page[start : page.index("</ol>", start)]
    assert timeline.index("Raised") < timeline.index("Acknowledged") < timeline.index("Done")
    assert "The new reception opened." in timeline
    assert "Status now: Done" in text(response)


def test_evidence_shows_only_what_is_public_now(client, oig, ledger):
    ask = ledger["committed"]
    shown = ActivityFactory(groups=[oig], title="Tenants' meeting")
    draft = ActivityFactory(groups=[oig], title="Draft meeting", status="draft")
    story = MemberStoryFactory(group=oig, title="Waiting for repairs")
    withdrawn = MemberStoryFactory(
        group=oig, title="Withdrawn story", consent_withdrawn_at=timezone.now()
    )
    issue = IssueFactory(newsletter=NewsletterFactory(groups=[oig]), title="Spring news")
    ask.evidence_activities.set([shown, draft])
    ask.evidence_stories.set([story, withdrawn])
    ask.evidence_issues.set([issue])
    body = text(client.get(ask.get_absolute_url()))
    assert "Tenants' meeting" in body
    assert "Waiting for repairs" in body
    assert "Spring news" in body
    assert "Draft meeting" not in body
    assert "Withdrawn story" not in body


def test_withdrawing_consent_later_takes_the_story_off_the_ask(client, oig, ledger):
    ask = ledger["committed"]
    story = MemberStoryFactory(group=oig, title="Waiting for repairs")
    ask.evidence_stories.set([story])
    assert "Waiting for repairs" in text(client.get(ask.get_absolute_url()))
    story.consent_withdrawn_at = timezone.now()
    story.save()
    response = client.get(ask.get_absolute_url())
    assert response.status_code == 200
    assert "Waiting for repairs" not in text(response)


def test_an_archived_ask_says_why(client, ledger):
    ask = ledger["silent"]
    ask.archived = True
    ask.archived_reason = "The service closed."
    ask.save()
    assert "Archived. The service closed." in text(client.get(ask.get_absolute_url()))


# A body's page


def test_response_rate_and_median_days_match_the_updates(client, council, ledger):
    response = client.get(reverse("asks:organisation_ask_list", kwargs={"slug": council.slug}))
    figures = response.context["figures"]
    # Three asks to the council; two answered, after 10 and 30 days.
    assert figures["total"] == 3
    assert figures["answered"] == 2
    assert figures["rate"] == 67
    assert figures["median_days"] == 20
    body = text(response)
    assert "67% (2 of 3 asks had a response)" in body
    assert "20 days" in body
    assert {label: n for _, label, n in figures["statuses"]} == {
        "Done": 1,
        "Commitment made": 1,
        "No response": 1,
    }


def test_a_draft_ask_is_left_out_of_the_figures(client, council, oig, ledger):
    AskFactory(groups=[oig], organisations=[council], status="draft")
    response = client.get(reverse("asks:organisation_ask_list", kwargs={"slug": council.slug}))
    assert response.context["figures"]["total"] == 3


def test_a_body_nobody_asked_and_no_group_works_with_has_no_ledger(client, db):
    assert (
        client.get(reverse("asks:organisation_ask_list", kwargs={"slug": "nobody"})).status_code
        == 404
    )


# Feeds, CSV, sitemap


@pytest.mark.parametrize("which", ["site", "group", "organisation"])
def test_feeds_are_atom_with_the_newest_update_first(client, oig, council, ledger, which):
    AskFactory(groups=[oig], organisations=[council], title="Draft ask", status="draft")
    url = {
        "site": reverse("asks:feed"),
        "group": reverse("asks:group_feed", kwargs={"group_slug": oig.slug}),
        "organisation": reverse("asks:organisation_feed", kwargs={"slug": council.slug}),
    }[which]
    response = client.get(url)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries, "the feed has entries"
    assert entries[0].find(f"{ATOM}title").text == "No response: Answer the phone"
    assert "Draft ask" not in response.content.decode()


@pytest.mark.parametrize("which", ["site", "group", "organisation"])
def test_feeds_parse_in_a_feed_reader_library(client, oig, council, ledger, which):
    """feedparser, as feed readers use it: well formed (no "bozo"), each entry with its title,
    link and date."""
    url = {
        "site": reverse("asks:feed"),
        "group": reverse("asks:group_feed", kwargs={"group_slug": oig.slug}),
        "organisation": reverse("asks:organisation_feed", kwargs={"slug": council.slug}),
    }[which]
    parsed = feedparser.parse(client.get(url).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.title and entry.link.startswith("http") and entry.updated_parsed


def test_csv_of_a_period_is_formula_safe(client, oig, ledger):
    ask = ledger["committed"]
    ask_update(ask, "partly-done", 40, note='=HYPERLINK("http://evil")')
    response = client.get(
        reverse("asks:group_csv", kwargs={"group_slug": oig.slug}),
        {"start": "2024-03-01", "end": "2024-04-15"},
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    content = body.decode("utf-8-sig")
    assert "'=HYPERLINK" in content
    assert "Redesign the reception" not in content  # its updates are outside the period
    assert content.count("Work with tenants") == 3


def test_csv_with_bad_dates_gives_all_time(client, oig, ledger):
    response = client.get(
        reverse("asks:group_csv", kwargs={"group_slug": oig.slug}), {"start": "not-a-date"}
    )
    assert response.status_code == 200
    assert "Redesign the reception" in response.content.decode("utf-8-sig")


def test_the_sitemap_lists_published_asks_only(client, oig, ledger):
    AskFactory(groups=[oig], slug="secret-draft", status="draft")
    body = client.get(reverse("sitemap_file", kwargs={"section": "asks"})).content.decode()
    assert ledger["done"].get_absolute_url() in body
    assert "secret-draft" not in body


def test_status_now_is_the_latest_update(ledger):
    statuses = dict(Ask.objects.with_status().values_list("slug", "current_status"))
    assert statuses == {
        "redesign-the-reception": "done",
        "work-with-tenants": "commitment",
        "answer-the-phone": "no-response",
    }


def test_the_impact_page_counts_the_groups_asks_by_status(client, oig, ledger):
    AskFactory(groups=[oig], status="draft")
    response = client.get(reverse("activities:group_impact", kwargs={"group_slug": oig.slug}))
    body = text(response)
    assert "Done 1" in body
    assert "Commitment made 1" in body
    assert "No response 1" in body
    assert "Raised 0" in body
    assert ledger_url(oig) in response.content.decode()


def test_the_impact_csv_of_asks_by_status_follows_the_period(client, oig, ledger):
    url = reverse("asks:group_status_csv", kwargs={"group_slug": oig.slug})
    rows = client.get(url, {"start": "2024-02-01"}).content.decode("utf-8-sig").splitlines()
    assert rows[0] == "Status now,Asks"
    assert "Done,0" in rows  # raised in January, before the period
    assert "Commitment made,1" in rows
    assert "No response,1" in rows


def test_an_ask_explains_the_sites_glossary_words(client, oig):
    SiteGlossaryTerm.objects.create(term="PIP", meaning="Personal Independence Payment")
    ask = AskFactory(groups=[oig], text="Make PIP forms shorter.\n\nAnswer <letters> sooner.")
    html = client.get(ask.get_absolute_url()).content.decode()
    assert '<abbr title="Personal Independence Payment">PIP</abbr> forms shorter.' in html
    assert "Answer &lt;letters&gt; sooner." in html
