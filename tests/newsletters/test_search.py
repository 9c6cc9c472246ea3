"""Searching the newsletters is the site search showing newsletters only (see
tests/oig_site/test_search.py for the search itself): issues by their titles and
introductions, sections by their headings and text, and only what is published."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Issue
from oig_site import search
from tests.factories import CommunityGroupFactory, IssueFactory, NewsletterFactory, SectionFactory

pytestmark = pytest.mark.django_db


def found(query):
    return [r.obj for r in search.search(query, kind="newsletters").page(1).object_list]


def test_search_finds_only_published_issues_and_their_sections(working_together, board):
    """Sections are matched through a join on their issue (see ``published_condition``): the
    same rules as ``Issue.objects.published()``."""
    now = timezone.now()
    shown = IssueFactory(newsletter=working_together, title="Shown")
    draft = IssueFactory(newsletter=working_together, title="Draft", status="draft")
    scheduled = IssueFactory(
        newsletter=working_together, title="Scheduled", publish_at=now + dt.timedelta(days=1)
    )
    hidden_group = CommunityGroupFactory(status="draft")
    unpublished_newsletter = NewsletterFactory(groups=[hidden_group])
    waiting = IssueFactory(newsletter=unpublished_newsletter, title="Waiting")
    sections = {
        issue: SectionFactory(issue=issue, body="<p>Otters swim.</p>")
        for issue in (shown, draft, scheduled, waiting)
    }
    assert found("otters") == [sections[shown]]
    assert set(Issue.objects.published()) == {shown}


def test_a_search_of_the_newsletters_shows_newsletters_only(client, working_together, board):
    section = SectionFactory(issue=IssueFactory(newsletter=working_together), body="<p>Otters</p>")
    board.summary = "Otters everywhere."
    board.save()
    response = client.get(reverse("search"), {"q": "otters", "kind": "newsletters"})
    body = response.content.decode()
    assert section.get_absolute_url() in body
    assert f'href="{board.get_absolute_url()}"' not in body.split("</header>")[1]
    assert "Groups (1)" in body


def test_an_excerpt_starts_at_a_whole_word_before_the_match(working_together):
    words = " ".join(f"word{n}" for n in range(40))
    SectionFactory(
        issue=IssueFactory(newsletter=working_together),
        body=f"<p>{words} <strong>otters</strong> &amp; beavers.</p>",
    )
    [result] = search.search("otters", kind="newsletters").page(1).object_list
    assert "<mark>otters</mark> &amp; beavers." in result.snippet
    assert "word39" in result.snippet
    assert "word0 " not in result.snippet
