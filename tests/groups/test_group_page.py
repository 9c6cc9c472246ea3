"""A group's page: what it shows of the group's activities, stories and newsletters, fetched by
its view in a fixed number of SQL queries however much the group has done."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from activities.models import Activity
from groups.models import MemberStory
from newsletters.models import Issue
from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    GroupAimFactory,
    GroupLinkFactory,
    IssueFactory,
    NewsletterFactory,
    PartnershipFactory,
    TopicFactory,
)
from tests.html import text

pytestmark = pytest.mark.django_db

# The group with its topics, aims, links, partnerships and stories (6); its next and its latest
# activities (2); the newsletters its subscribe form offers, its own marked, in one query, and
# their latest issue (2); the site's glossary, for the words its description explains (1).
GROUP_PAGE_QUERIES = 11

batch = itertools.count()


def an_hour_ago():
    return timezone.now() - dt.timedelta(hours=1)


def add_activities(n, group, topic, *, start):
    """``n`` published activities of ``group`` on ``topic``, a day apart from ``start``."""
    prefix = next(batch)
    activities = Activity.objects.bulk_create(
        Activity(
            title=f"Bulk activity {prefix}-{i}",
            slug=f"bulk-{prefix}-{i}",
            start_date=start + dt.timedelta(days=i),
            summary="Bulk.",
            status="published",
            publish_at=an_hour_ago(),
        )
        for i in range(n)
    )
    Activity.groups.through.objects.bulk_create(
        Activity.groups.through(activity=activity, communitygroup=group) for activity in activities
    )
    Activity.topics.through.objects.bulk_create(
        Activity.topics.through(activity=activity, topic=topic) for activity in activities
    )


def add_issues(n, newsletter):
    prefix = next(batch)
    Issue.objects.bulk_create(
        Issue(
            newsletter=newsletter,
            title=f"Bulk issue {prefix}-{i}",
            slug=f"bulk-{prefix}-{i}",
            issue_date=dt.date(2000, 1, 1) + dt.timedelta(days=i),
            status="published",
            publish_at=an_hour_ago(),
        )
        for i in range(n)
    )


def add_stories(n, group):
    prefix = next(batch)
    MemberStory.objects.bulk_create(
        MemberStory(
            group=group,
            title=f"Bulk story {prefix}-{i}",
            slug=f"bulk-{prefix}-{i}",
            body="<p>In my own words.</p>",
            teller_name="Jo Bloggs",
            consent_given_at=an_hour_ago(),
            status="published",
            publish_at=an_hour_ago(),
        )
        for i in range(n)
    )


@pytest.fixture
def group():
    topic = TopicFactory(name="Housing", slug="housing")
    group = CommunityGroupFactory(name="Team-Up Board", slug="team-up-board", topics=[topic])
    GroupAimFactory(group=group)
    GroupLinkFactory(group=group)
    PartnershipFactory(group=group)
    return group


@pytest.fixture
def busy_group(group):
    """The group with a little of everything its page shows: 10 activities, coming and past,
    two newsletters with two issues, and two stories."""
    topic = group.topics.get()
    today = timezone.localdate()
    add_activities(5, group, topic, start=today - dt.timedelta(days=2000))
    add_activities(5, group, topic, start=today)
    for _ in range(2):
        add_issues(1, NewsletterFactory(groups=[group]))
    add_stories(2, group)
    return group


def test_group_page_runs_the_same_queries_for_10_and_1000_activities(
    client, django_assert_num_queries, busy_group
):
    url = busy_group.get_absolute_url()
    with django_assert_num_queries(GROUP_PAGE_QUERIES):
        client.get(url)

    topic = busy_group.topics.get()
    today = timezone.localdate()
    add_activities(495, busy_group, topic, start=today - dt.timedelta(days=1000))
    add_activities(495, busy_group, topic, start=today + dt.timedelta(days=10))
    assert Activity.objects.filter(groups=busy_group).count() == 1000
    with django_assert_num_queries(GROUP_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["upcoming_activities"]) == 3
    assert len(response.context["recent_activities"]) == 5


def test_group_page_runs_the_same_queries_for_few_and_many_issues_and_stories(
    client, django_assert_num_queries, busy_group
):
    url = busy_group.get_absolute_url()
    with django_assert_num_queries(GROUP_PAGE_QUERIES):
        client.get(url)

    add_issues(500, busy_group.newsletters.first())
    add_stories(100, busy_group)
    with django_assert_num_queries(GROUP_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["latest_issue"] == Issue.objects.order_by("-issue_date", "-pk")[0]
    assert len(response.context["communitygroup"].public_stories) == 102


def test_group_page_shows_the_next_three_and_the_last_five_activities(client, group):
    today = timezone.localdate()
    coming = [
        ActivityFactory(title=f"Coming {n}", groups=[group], start_date=today + dt.timedelta(n))
        for n in range(4, 0, -1)
    ]
    done = [
        ActivityFactory(title=f"Done {n}", groups=[group], start_date=today - dt.timedelta(n))
        for n in range(6, 0, -1)
    ]
    ActivityFactory(title="Coming draft", groups=[group], start_date=today, status="draft")
    response = client.get(group.get_absolute_url())
    assert response.context["upcoming_activities"] == coming[:0:-1]
    assert response.context["recent_activities"] == done[:0:-1]
    assert "Coming draft" not in text(response)


def test_group_page_shows_the_latest_issue_of_its_own_newsletters(client, group):
    own = IssueFactory(
        newsletter=NewsletterFactory(groups=[group]), title="Ours", issue_date=dt.date(2020, 1, 1)
    )
    IssueFactory(title="Someone else's", issue_date=dt.date(2024, 1, 1))
    body = text(client.get(group.get_absolute_url()))
    assert own.get_absolute_url() in body
    assert "Someone else" not in body


def test_a_group_without_newsletters_reads_none_and_offers_no_subscription(
    client, group, django_assert_num_queries
):
    IssueFactory(title="Someone else's", issue_date=dt.date(2024, 1, 1))
    with django_assert_num_queries(9):
        response = client.get(group.get_absolute_url())
    assert response.context["latest_issue"] is None
    assert "Someone else" not in text(response)
    assert 'id="newsletter-heading"' not in text(response)
    assert 'id="subscribe-heading"' not in text(response)
    IssueFactory(newsletter=NewsletterFactory(groups=[group]), title="Ours")
    with django_assert_num_queries(11):
        response = client.get(group.get_absolute_url())
    assert "Ours" in text(response)


def test_a_group_with_only_draft_newsletter_issues_shows_no_latest_issue(client, group):
    IssueFactory(newsletter=NewsletterFactory(groups=[group]), status="draft")
    response = client.get(group.get_absolute_url())
    assert response.context["latest_issue"] is None
    assert 'id="newsletter-heading"' not in text(response)
    assert 'id="subscribe-heading"' in text(response)
