"""Outputs that could grow with the data are bounded: a subscribed calendar holds a window of
activities with a limit (and the pages linking to it say so), a group's CSV holds at most its
latest few thousand activities, the home page shows a few groups with a link to all of them,
and an activity's related activities are a few of its groups' and topics'."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from activities import calendars, views
from oig_site.views import HomeView
from tests.factories import ActivityFactory, CommunityGroupFactory, TopicFactory
from tests.html import text

pytestmark = pytest.mark.django_db

SITE_CALENDAR = reverse("activities:site_calendar")


def summaries(response) -> list[str]:
    calendar = Calendar.from_ical(response.content)
    return [str(event["summary"]) for event in calendar.walk("VEVENT")]


def test_the_calendar_holds_the_last_90_days_and_the_next_year(client):
    today = timezone.localdate()
    for title, days in [
        ("Too old", -91),
        ("Just in the past", -90),
        ("Running now", -200),
        ("Next year", 365),
        ("Too far ahead", 366),
    ]:
        ActivityFactory(
            title=title,
            start_date=today + dt.timedelta(days=days),
            end_date=today + dt.timedelta(days=1) if title == "Running now" else None,
        )
    assert sorted(summaries(client.get(SITE_CALENDAR))) == [
        "Just in the past",
        "Next year",
        "Running now",
    ]


def test_the_calendar_holds_at_most_its_limit_the_coming_ones_first(client, monkeypatch):
    monkeypatch.setattr(calendars, "CALENDAR_MAX_EVENTS", 3)
    today = timezone.localdate()
    for n in range(1, 3):
        ActivityFactory(title=f"Past {n}", start_date=today - dt.timedelta(days=n))
        ActivityFactory(title=f"Coming {n}", start_date=today + dt.timedelta(days=n))
    assert summaries(client.get(SITE_CALENDAR)) == ["Coming 1", "Coming 2", "Past 1"]
    monkeypatch.setattr(calendars, "CALENDAR_MAX_EVENTS", 1)
    cache.clear()  # a new limit is new code, not a content change: the cached calendar goes
    assert summaries(client.get(SITE_CALENDAR)) == ["Coming 1"]


@pytest.mark.parametrize("path", ["/activities/", "/whats-on/"])
def test_pages_linking_to_the_calendar_say_what_it_holds(client, path):
    assert (
        f"It holds what is coming in the next {calendars.CALENDAR_FUTURE_DAYS} days and what "
        f"happened in the last {calendars.CALENDAR_PAST_DAYS} days. It holds at most "
        f"{calendars.CALENDAR_MAX_EVENTS} activities"
    ) in text(client.get(path))


def test_the_csv_holds_the_latest_activities_up_to_its_limit(client, monkeypatch):
    monkeypatch.setattr(views.GroupActivitiesCSVView, "MAX_ROWS", 3)
    group = CommunityGroupFactory()
    today = timezone.localdate()
    for n in range(5):
        ActivityFactory(groups=[group], title=f"Day {n}", start_date=today - dt.timedelta(days=n))
    response = client.get(reverse("activities:group_csv", args=[group.slug]))
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert [line.split(",")[4] for line in lines[1:]] == ["Day 2", "Day 1", "Day 0"]


def test_the_impact_page_says_how_many_activities_the_csv_holds(client):
    group = CommunityGroupFactory()
    ActivityFactory(groups=[group])
    body = text(client.get(reverse("activities:group_impact", args=[group.slug])))
    assert f"It holds the latest {views.CSV_MAX_ROWS} activities at most" in body


def test_the_home_page_shows_a_few_groups_and_links_to_all(client, django_assert_num_queries):
    CommunityGroupFactory.create_batch(HomeView.GROUPS_SHOWN + 5)
    with django_assert_num_queries(4):
        response = client.get("/")
    assert len(response.context["groups"]) == HomeView.GROUPS_SHOWN
    CommunityGroupFactory.create_batch(30)
    with django_assert_num_queries(4):
        again = client.get("/")
    assert len(again.content) == len(response.content)
    assert f'<a href="{reverse("groups:group_list")}">See all the groups</a>' in text(response)


def test_related_activities_are_the_latest_few_of_its_groups_and_topics(client):
    group, topic = CommunityGroupFactory(), TopicFactory()
    today = timezone.localdate()
    activity = ActivityFactory(groups=[group], topics=[topic])
    for n in range(6):
        ActivityFactory(groups=[group], title=f"Group {n}", start_date=today - dt.timedelta(n))
        ActivityFactory(title=f"Topic {n}", topics=[topic], start_date=today - dt.timedelta(n))
    ActivityFactory(title="Unrelated", start_date=today)
    response = client.get(activity.get_absolute_url())
    assert [a.title for a in response.context["related_activities"]] == [
        "Group 0",
        "Topic 0",
        "Group 1",
        "Topic 1",
    ]


def test_an_activity_running_since_long_ago_is_still_coming_up(client):
    today = timezone.localdate()
    ActivityFactory(
        title="Long exhibition",
        start_date=today - dt.timedelta(days=3000),
        end_date=today + dt.timedelta(days=2),
    )
    ActivityFactory(title="Finished", start_date=today - dt.timedelta(days=3))
    ActivityFactory(title="Tomorrow", start_date=today + dt.timedelta(days=1))
    titles = [a.title for a in client.get("/whats-on/").context["page_obj"].object_list]
    assert titles == ["Long exhibition", "Tomorrow"]
