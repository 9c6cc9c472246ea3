"""Pages that read as cared for: no title said twice, words that fit the page they are on."""

import re

import pytest

from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    MemberStoryFactory,
    OrganisationFactory,
    PartnershipFactory,
)
from tests.html import tags, text

pytestmark = pytest.mark.django_db


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", text(response), re.S).group(1)


def breadcrumb_labels(response) -> list[str]:
    trail = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', text(response), re.S).group(0)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>.*?</li>", trail)]


def test_an_activity_named_after_its_group_does_not_name_the_group_twice(client, settings):
    group = CommunityGroupFactory(name="Parent Power")
    activity = ActivityFactory(title="Parent Power coffee morning", groups=[group])
    response = client.get(activity.get_absolute_url())
    assert title(response) == f"Parent Power coffee morning – {settings.SITE_NAME}"


def test_an_activity_title_names_the_groups_it_does_not_already_say(client, settings):
    own = CommunityGroupFactory(name="Parent Power")
    other = CommunityGroupFactory(name="Team-Up Board")
    activity = ActivityFactory(title="Parent Power at the fair", groups=[own, other])
    response = client.get(activity.get_absolute_url())
    assert title(response) == f"Parent Power at the fair – Team-Up Board – {settings.SITE_NAME}"


def test_a_title_part_is_only_left_out_when_its_whole_words_are_said(client, settings):
    group = CommunityGroupFactory(name="Power")
    activity = ActivityFactory(title="Powerful voices", groups=[group])
    response = client.get(activity.get_absolute_url())
    assert title(response) == f"Powerful voices – Power – {settings.SITE_NAME}"


def test_a_story_title_keeps_its_group_when_it_does_not_name_it(client, influence_group):
    story = influence_group.stories.get()
    response = client.get(story.get_absolute_url())
    assert title(response).startswith(f"{story.title} – Oxford Influence Group – ")


def test_a_story_named_after_its_group_says_the_name_once(client, influence_group, settings):
    story = MemberStoryFactory(
        group=influence_group, title="Why I joined the Oxford Influence Group", slug="why"
    )
    response = client.get(story.get_absolute_url())
    assert title(response) == f"Why I joined the Oxford Influence Group – {settings.SITE_NAME}"


def test_breadcrumbs_end_at_the_parent_and_the_heading_names_the_page(client, influence_group):
    response = client.get(influence_group.get_absolute_url())
    assert breadcrumb_labels(response) == ["Home", "Groups"]
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", text(response)) == ["Oxford Influence Group"]


def test_every_breadcrumb_is_a_link(client, influence_group):
    story = influence_group.stories.get()
    response = client.get(story.get_absolute_url())
    assert breadcrumb_labels(response) == ["Home", "Groups", "Oxford Influence Group"]
    trail = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', text(response), re.S).group(0)
    assert len(tags(trail, "a")) == 3
    assert 'aria-current="page"' not in trail


def test_words_that_only_look_alike_stay_in_the_title(client, influence_group, settings):
    partnership = PartnershipFactory(
        group=influence_group, organisation=OrganisationFactory(name="Dudley Community Partnership")
    )
    response = client.get(partnership.organisation.get_absolute_url())
    assert title(response) == f"Dudley Community Partnership – Partners – {settings.SITE_NAME}"
