"""The feeds hold a fixed number of entries, the newest published first, however many there
are (their query counts are pinned in test_query_counts)."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.feeds import FEED_LENGTH
from tests.factories import ActivityFactory, CommunityGroupFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entry_titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


@pytest.fixture
def group_with_many_activities():
    group = CommunityGroupFactory(slug="busy")
    now = timezone.now()
    for n in range(FEED_LENGTH + 5):
        ActivityFactory(
            title=f"Number {n}", groups=[group], publish_at=now - dt.timedelta(hours=100 - n)
        )
    return group


@pytest.mark.parametrize(
    "address",
    [reverse("activities:feed"), reverse("activities:group_feed", args=["busy"])],
    ids=["site", "group"],
)
def test_a_feed_holds_the_newest_published_entries_only(
    client, group_with_many_activities, address
):
    titles = entry_titles(client.get(address))
    newest = FEED_LENGTH + 4
    assert titles == [f"Number {n}" for n in range(newest, newest - FEED_LENGTH, -1)]
