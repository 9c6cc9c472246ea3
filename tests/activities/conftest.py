import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from tests.factories import ActivityFactory, CommunityGroupFactory, TopicFactory


@pytest.fixture
def oig(db):
    return CommunityGroupFactory(name="Oxford Influence Group", slug="oxford-influence-group")


@pytest.fixture
def board(db):
    return CommunityGroupFactory(name="Team-Up Board", slug="team-up-board")


@pytest.fixture
def housing_topic(db):
    return TopicFactory(name="Housing", slug="housing")


@pytest.fixture
def hearing(oig, housing_topic):
    return ActivityFactory(
        title="Housing Scrutiny Committee",
        slug="housing-scrutiny-committee",
        kind="hearing",
        start_date=dt.date(2019, 11, 5),
        groups=[oig],
        topics=[housing_topic],
        engaged_with="Oxford City Council Housing Scrutiny Committee",
        participants=6,
        outcome="Tenants' experience added to the review.",
        venue="Oxford Town Hall",
    )


@pytest.fixture
def online_meeting(oig, housing_topic):
    return ActivityFactory(
        title="Online meeting with tenants",
        slug="online-meeting-with-tenants",
        kind="meeting",
        start_date=dt.date(2020, 7, 23),
        start_time=dt.time(18, 0),
        end_time=dt.time(19, 30),
        mode="online",
        groups=[oig],
        topics=[housing_topic],
        engaged_with="Oxford Tenant Involvement Groups",
        participants=10,
    )


@pytest.fixture
def radio(board):
    return ActivityFactory(
        title="Radio interview",
        slug="radio-interview",
        kind="media",
        start_date=dt.date(2020, 8, 16),
        groups=[board],
        engaged_with="BBC Radio Oxford",
    )


@pytest.fixture
def upcoming_meeting(oig):
    return ActivityFactory(
        title="Monthly meeting",
        slug="monthly-meeting",
        kind="meeting",
        start_date=timezone.localdate() + dt.timedelta(days=9),
        start_time=dt.time(14, 0),
        end_time=dt.time(16, 0),
        mode="both",
        venue="Citizens Advice Oxford",
        online_url="https://meet.example.org/oig",
        step_free_access=True,
        hearing_loop=True,
        access_notes="Tea and biscuits provided.",
        groups=[oig],
    )


@pytest.fixture
def many_activities():
    """Make ``n`` published activities of ``group`` quickly, with a topic each."""

    batch = itertools.count()

    def make(n, group, topic=None, start=dt.date(2015, 1, 1)):
        prefix = f"bulk-{next(batch)}"
        activities = Activity.objects.bulk_create(
            Activity(
                title=f"Bulk activity {prefix}-{i}",
                slug=f"{prefix}-{i}",
                kind=Activity.Kind.values[i % len(Activity.Kind.values)],
                start_date=start + dt.timedelta(days=i),
                summary="Bulk.",
                participants=i % 7,
                engaged_with=f"Body {i % 5}",
                outcome="Something changed." if i % 3 == 0 else "",
                status="published",
                publish_at=timezone.now() - dt.timedelta(hours=1),
            )
            for i in range(n)
        )
        Through = Activity.groups.through
        Through.objects.bulk_create(Through(activity=a, communitygroup=group) for a in activities)
        if topic:
            TopicThrough = Activity.topics.through
            TopicThrough.objects.bulk_create(
                TopicThrough(activity=a, topic=topic) for a in activities
            )
        return activities

    return make


# Sign-ups


@pytest.fixture
def event(oig):
    """A published meeting in ten days, 6pm, taking sign-ups for two places."""
    return ActivityFactory(
        title="Housing campaign planning",
        slug="housing-campaign-planning",
        start_date=timezone.localdate() + dt.timedelta(days=10),
        start_time=dt.time(18, 0),
        end_time=dt.time(19, 30),
        venue="Citizens Advice Oxford",
        groups=[oig],
        signups_open=True,
        places=2,
    )


def sign_up(client, activity, **fields):
    """Post the sign-up form as a browser on the site would."""
    data = {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "", **fields}
    return client.post(
        reverse("activities:signup", args=[activity.slug]), data, HTTP_ORIGIN="http://testserver"
    )
