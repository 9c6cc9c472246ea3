"""``is_public`` (used for the admin's "On the site" column, the draft-preview banner and the
check before sending) must agree with ``.published()`` for every model, including the rules
models add to it (a published group, the teller's consent)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from groups.models import MemberStory
from newsletters.models import Issue, Subscription
from newsletters.services.sending import issue_send
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    MemberStoryFactory,
    NewsletterFactory,
    SubscriberFactory,
)
from tests.html import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_group():
    return CommunityGroupFactory(status="draft")


def test_activity_of_draft_groups_only_is_not_public(draft_group):
    activity = ActivityFactory(groups=[draft_group])
    assert not Activity.objects.published().filter(pk=activity.pk).exists()
    assert activity.is_public is False


def test_issue_of_a_newsletter_with_no_published_group_is_not_public(draft_group):
    issue = IssueFactory(newsletter=NewsletterFactory(groups=[draft_group]))
    assert not Issue.objects.published().filter(pk=issue.pk).exists()
    assert issue.is_public is False


def test_story_without_consent_is_not_public():
    story = MemberStoryFactory(consent_given_at=None)
    assert not MemberStory.objects.published().filter(pk=story.pk).exists()
    assert story.is_public is False


def test_an_issue_whose_page_is_not_public_is_never_emailed(draft_group):
    newsletter = NewsletterFactory(groups=[draft_group])
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=newsletter)
    issue = IssueFactory(newsletter=newsletter, send_requested_at=timezone.now())
    assert issue_send(issue=issue).sent == 0
    assert mail.outbox == []


def test_admin_column_says_not_on_the_site_for_an_activity_of_a_draft_group(
    admin_client, draft_group
):
    ActivityFactory(groups=[draft_group], title="Hidden by its group")
    body = text(admin_client.get(reverse("admin:activities_activity_changelist")))
    assert '<td class="field-is_live"><img src="/static/admin/img/icon-no.svg" alt="False">' in (
        body
    )


def test_admin_list_query_count_does_not_grow_with_rows(admin_client, django_assert_num_queries):
    group = CommunityGroupFactory()
    ActivityFactory.create_batch(3, groups=[group])
    url = reverse("admin:activities_activity_changelist")
    with django_assert_num_queries(11):
        assert admin_client.get(url).status_code == 200
    ActivityFactory.create_batch(30, groups=[group])
    with django_assert_num_queries(11):
        assert admin_client.get(url).status_code == 200
