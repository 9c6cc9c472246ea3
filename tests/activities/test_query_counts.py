"""Every list, feed, calendar, impact and CSV page runs the same number of SQL queries for 10
activities as for 1,000."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import CommunityGroupFactory, TopicFactory

pytestmark = pytest.mark.django_db

# (URL name and query, whether it takes the group, the exact number of SQL queries)
PAGES = [
    ("activities:activity_list", False, 6),
    ("activities:activity_list?kind=meeting&year=2016&topic=housing", False, 7),
    ("activities:whats_on", False, 3),
    ("activities:feed", False, 3),
    ("activities:site_calendar", False, 2),
    ("activities:group_activity_list", True, 6),
    ("activities:group_feed", True, 4),
    ("activities:group_calendar", True, 3),
    ("activities:group_impact", True, 7),
    ("activities:group_csv", True, 4),
    ("home", False, 5),
    ("groups:group_detail", True, 9),
]


@pytest.mark.parametrize(("route", "needs_group", "queries"), PAGES, ids=[r for r, _, _ in PAGES])
def test_query_count_does_not_grow_with_activities(
    client, django_assert_num_queries, many_activities, route, needs_group, queries
):
    group = CommunityGroupFactory(slug="the-group")
    topic = TopicFactory(slug="housing")
    name, _, query = route.partition("?")
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
    with django_assert_num_queries(queries):
        response = client.get(url)
        assert response.status_code == 200
        response.getvalue()  # a streamed file (the CSV) is read as it is sent

    many_activities(247, group, topic, start=dt.date(2016, 1, 10))
    many_activities(248, group, topic, start=today - dt.timedelta(days=300))
    many_activities(495, other, topic, start=today + dt.timedelta(days=10))
    with django_assert_num_queries(queries):
        response = client.get(url)
        assert response.status_code == 200
        response.getvalue()  # a streamed file (the CSV) is read as it is sent
