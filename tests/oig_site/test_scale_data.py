"""The generated content for measuring the site (``manage.py generate_scale_data``): the counts
asked for, a mix of publication states, and published content on the public pages."""

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape

from activities.models import Activity
from groups.models import CommunityGroup, Topic
from newsletters.models import Issue, Section, Subscriber, Subscription

SMALL = [
    "--size=tiny",
    "--groups=40",
    "--activities=400",
    "--issues=12",
    "--sections=30",
    "--subscribers=25",
    "--newsletters=3",
    "--topics=8",
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    call_command("generate_scale_data", *SMALL)


def test_it_makes_the_counts_asked_for(generated):
    assert CommunityGroup.objects.count() == 40
    assert Activity.objects.count() == 400
    assert Issue.objects.count() == 12
    assert Section.objects.count() == 30
    assert Subscriber.objects.count() == 25
    assert Topic.objects.count() == 8


def test_every_activity_and_subscriber_is_linked(generated):
    assert not Activity.objects.filter(groups=None).exists()
    assert Activity.objects.filter(topics__isnull=False).distinct().count() > 200
    assert Subscription.objects.values("subscriber").distinct().count() == 25


def test_most_content_is_published_and_some_is_not(generated):
    published = Activity.objects.published().count()
    assert 300 < published < 400
    assert Activity.objects.drafts().exists()
    assert Activity.objects.scheduled().exists()
    assert CommunityGroup.objects.drafts().exists() or CommunityGroup.objects.scheduled().exists()


def test_activities_run_from_years_ago_to_next_year(generated):
    assert Activity.objects.past().count() > Activity.objects.upcoming().count() > 0
    assert Activity.objects.order_by("start_date").first().start_date.year < (
        Activity.objects.order_by("start_date").last().start_date.year - 10
    )


def test_published_content_is_on_the_pages_and_drafts_are_not(client, generated):
    group = CommunityGroup.objects.published().first()
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert escape(group.name) in response.text

    activity = Activity.objects.published().first()
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert escape(activity.title) in response.text

    draft = Activity.objects.drafts().first()
    assert client.get(draft.get_absolute_url()).status_code == 404

    issue = Issue.objects.published().first()
    section = issue.sections.first()
    response = client.get(issue.get_absolute_url())
    assert response.status_code == 200
    assert escape(section.heading) in response.text


def test_it_refuses_a_database_with_content(generated):
    with pytest.raises(CommandError, match="has content already"):
        call_command("generate_scale_data", *SMALL)
    assert CommunityGroup.objects.count() == 40


def test_if_empty_leaves_content_alone(generated):
    call_command("generate_scale_data", *SMALL, "--if-empty")
    assert CommunityGroup.objects.count() == 40


def test_flush_replaces_the_content(generated):
    call_command("generate_scale_data", *SMALL, "--groups=5", "--flush")
    assert CommunityGroup.objects.count() == 5
    assert Activity.objects.count() == 400


def test_force_adds_beside_the_content(generated):
    call_command("generate_scale_data", *SMALL, "--groups=5", "--force")
    assert CommunityGroup.objects.count() == 45
    assert Activity.objects.count() == 800
