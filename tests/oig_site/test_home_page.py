"""The home page's "What's on": the soonest coming activities of every group."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActivityFactory, CommunityGroupFactory
from tests.html import tags

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


def test_the_first_part_of_the_home_page_says_who_runs_the_site_and_what_to_do_next(client):
    response = client.get(reverse("home"))
    html = response.content.decode()
    hero = html[html.index('<div class="hero">') : html.index('<section aria-labelledby="groups')]
    assert "<strong>Co-production</strong> means the people who use a public service" in hero
    assert "This site is run by the groups themselves" in hero
    for url in ("groups:group_list", "activities:whats_on", "enquiries:get_involved"):
        assert f'href="{reverse(url)}"' in hero, url
    [picture] = [img for img in tags(response, "img") if "hero-illustration" in img["class"]]
    assert picture["alt"].startswith("Illustration: ")
