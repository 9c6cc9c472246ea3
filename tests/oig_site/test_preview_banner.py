"""The "Draft preview" banner tells editors the truth, by the same rule as the public pages."""

import datetime as dt
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    MemberStoryFactory,
    NewsletterFactory,
)
from tests.html import text

pytestmark = pytest.mark.django_db


def banner(response) -> str:
    body = text(response)
    start = body.index('class="preview-banner"')
    return html.unescape(" ".join(body[start : body.index("</div>", start)].split()))


def test_activity_of_a_draft_group_is_not_said_to_be_published(admin_client):
    group = CommunityGroupFactory(status="draft")
    activity = ActivityFactory(groups=[group], status="published")
    assert Client().get(activity.get_absolute_url()).status_code == 404
    shown = banner(admin_client.get(activity.get_absolute_url()))
    assert "it is published, but not shown, because none of its groups is published yet" in shown
    # The admin list says the same, without a query per row.
    listing = text(admin_client.get(reverse("admin:activities_activity_changelist")))
    assert "Published, but not shown" in listing


def test_issue_of_a_newsletter_without_a_published_group(admin_client):
    newsletter = NewsletterFactory(groups=[CommunityGroupFactory(status="draft")])
    issue = IssueFactory(newsletter=newsletter)
    assert Client().get(issue.get_absolute_url()).status_code == 404
    assert "none of its newsletter's groups is published yet" in banner(
        admin_client.get(issue.get_absolute_url())
    )


def test_story_without_consent_says_why(admin_client):
    story = MemberStoryFactory(consent_given_at=None)
    assert Client().get(story.get_absolute_url()).status_code == 404
    assert "the teller's consent is not recorded" in banner(
        admin_client.get(story.get_absolute_url())
    )


@pytest.mark.parametrize(
    ("status", "hours", "says"),
    [("draft", -1, "it is draft."), ("published", 5, "it is scheduled.")],
)
def test_drafts_and_scheduled_say_so(admin_client, status, hours, says):
    activity = ActivityFactory(status=status, publish_at=timezone.now() + dt.timedelta(hours=hours))
    assert says in banner(admin_client.get(activity.get_absolute_url()))


def test_published_pages_have_no_banner(admin_client):
    activity = ActivityFactory()
    assert 'class="preview-banner"' not in text(admin_client.get(activity.get_absolute_url()))
