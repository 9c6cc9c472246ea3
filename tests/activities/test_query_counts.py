"""Every list, feed, calendar, impact and CSV page runs the same number of SQL queries for 10
activities as for 1,000."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import CommunityGroupFactory, TopicFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("activities:activity_list", False),
    ("activities:activity_list?kind=meeting&year=2016&topic=housing", False),
    ("activities:whats_on", False),
    ("activities:feed", False),
    ("activities:site_calendar", False),
    ("activities:group_activity_list", True),
    ("activities:group_feed", True),
    ("activities:group_calendar", True),
    ("activities:group_impact", True),
    ("activities:group_csv", True),
    ("home", False),
    ("groups:group_detail", True),
]


@pytest.mark.parametrize(("address", "needs_group"), PAGES, ids=[a for a, _ in PAGES])
def test_query_count_does_not_grow_with_activities(
    client, count_queries, django_assert_num_queries, many_activities, address, needs_group
):
    group = CommunityGroupFactory(slug="the-group")
    topic = TopicFactory(slug="housing")
    name, _, query = address.partition("?")
    kwargs = {"group_slug": group.slug} if needs_group and name.startswith("activities") else {}
    if name == "groups:group_detail":
        kwargs = {"slug": group.slug}
    url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")

    # Spread over 2016, the past year and the future, so every list, calendar (the past year
    # and what is coming), "what's on" and the impact figures have content for both groups.
    today = dt.date.today()
    other = CommunityGroupFactory()
    many_activities(3, group, topic, start=dt.date(2016, 1, 1))
    many_activities(2, group, topic, start=today - dt.timedelta(days=100))
    many_activities(5, other, topic, start=today)
    few = count_queries(lambda: client.get(url))

    many_activities(247, group, topic, start=dt.date(2016, 1, 10))
    many_activities(248, group, topic, start=today - dt.timedelta(days=300))
    many_activities(495, other, topic, start=today + dt.timedelta(days=10))
    with django_assert_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200
