"""The home page's "What's on": the soonest coming activities of every group."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory, CommunityGroupFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_four_soonest_activities_of_every_group(client):
    today = timezone.localdate()
    groups = [CommunityGroupFactory(), CommunityGroupFactory()]
    coming = [
        ActivityFactory(groups=[groups[n % 2]], start_date=today + dt.timedelta(days=n))
        for n in range(5, 0, -1)
    ]
    ActivityFactory(groups=[groups[0]], start_date=today - dt.timedelta(days=1))
    response = client.get(reverse("home"))
    assert response.context["upcoming_activities"] == coming[:0:-1]
