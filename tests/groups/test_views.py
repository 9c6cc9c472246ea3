from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from groups.models import CommunityGroup, MemberStory
from tests.factories import (
    CommunityGroupFactory,
    GroupAimFactory,
    GroupLinkFactory,
    MemberStoryFactory,
    OrganisationFactory,
    PartnershipFactory,
    TopicFactory,
)
from tests.html import tags, text, whole_sitemap

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("groups:group_list")


def names_listed(response) -> list[str]:
    return [group.name for group in response.context["page_obj"].object_list]


# The directory


def test_directory_lists_published_groups_by_name(client, influence_group, parent_power):
    CommunityGroupFactory(name="A Draft Group", status="draft")
    response = client.get(DIRECTORY)
    assert names_listed(response) == ["Oxford Influence Group", "Parent Power"]
    assert "A Draft Group" not in text(response)


def test_directory_filters_by_topic(client, influence_group, parent_power):
    response = client.get(DIRECTORY, {"topic": "families"})
    assert names_listed(response) == ["Parent Power"]


def test_directory_filters_by_area(client, influence_group, parent_power):
    response = client.get(DIRECTORY, {"area": "Blackbird Leys, Oxford"})
    assert names_listed(response) == ["Parent Power"]


def test_directory_combines_filters(client, influence_group, parent_power):
    response = client.get(DIRECTORY, {"topic": "housing", "area": "Blackbird Leys, Oxford"})
    assert names_listed(response) == []
    assert "No groups match these filters" in text(response)


def test_directory_offers_only_areas_and_topics_of_published_groups(client, influence_group):
    CommunityGroupFactory(
        area="Secret Village", status="draft", topics=[TopicFactory(name="Secret Topic")]
    )
    body = text(client.get(DIRECTORY))
    assert ">Oxford</option>" in body
    assert ">Housing</option>" in body
    assert "Secret Village" not in body
    assert "Secret Topic" not in body


def test_a_scheduled_groups_topic_is_offered_once_its_time_comes(client):
    group = CommunityGroupFactory(
        publish_at=timezone.now() + timedelta(days=1),
        topics=[TopicFactory(name="Later", slug="later")],
    )
    assert ">Later</option>" not in text(client.get(DIRECTORY))
    CommunityGroup.objects.filter(pk=group.pk).update(publish_at=timezone.now())
    response = client.get(DIRECTORY, {"topic": "later"})
    assert ">Later</option>" in text(response)
    assert names_listed(response) == [group.name]


def test_unknown_filter_values_are_dropped_quietly(client, influence_group):
    body = text(client.get(DIRECTORY, {"topic": "gone-away", "area": "Oxford"}))
    assert "Select a valid choice" not in body
    assert "aria-invalid" not in body
    assert '<option value="Oxford" selected>Oxford</option>' in body


@pytest.mark.parametrize(
    "query",
    [
        {"topic": "no-such-topic"},
        {"area": "Atlantis"},
        {"topic": ["housing", "families"], "page": "abc"},
        {"page": "0"},
        {"page": "99999"},
        {"page": "-3"},
    ],
)
def test_bad_filters_are_ignored_not_an_error(client, influence_group, parent_power, query):
    response = client.get(DIRECTORY, query)
    assert response.status_code == 200
    assert len(names_listed(response)) >= 1


def test_unknown_topic_shows_every_group(client, influence_group, parent_power):
    response = client.get(DIRECTORY, {"topic": "no-such-topic"})
    assert names_listed(response) == ["Oxford Influence Group", "Parent Power"]


def test_current_filters_are_shown_and_removable(client, influence_group, parent_power):
    response = client.get(DIRECTORY, {"topic": "families", "area": "Blackbird Leys, Oxford"})
    filters = response.context["active_filters"]
    assert [(f["label"], f["value"]) for f in filters] == [
        ("Topic", "Families"),
        ("Area", "Blackbird Leys, Oxford"),
    ]
    assert filters[0]["remove_url"] == "?area=Blackbird+Leys%2C+Oxford"
    assert filters[1]["remove_url"] == "?topic=families"
    assert "Clear all filters" in text(response)


def test_directory_pages_past_the_end_show_the_last_page(client):
    CommunityGroupFactory.create_batch(30)
    response = client.get(DIRECTORY, {"page": "99"})
    assert response.context["page_obj"].number == 2
    assert "Page 2 of 2" in text(response)


def test_directory_query_count_does_not_grow_with_groups(client, django_assert_num_queries):
    topics = TopicFactory.create_batch(3)
    CommunityGroupFactory.create_batch(3, topics=topics)
    # The areas, the count, a page of groups, their topics, and the topics to filter by.
    with django_assert_num_queries(5):
        assert client.get(DIRECTORY).status_code == 200
    CommunityGroupFactory.create_batch(27, topics=topics)
    with django_assert_num_queries(5):
        assert client.get(DIRECTORY).status_code == 200


# A group's page


def test_group_page_shows_about_aims_partners_stories_and_contact(client, influence_group):
    response = client.get(influence_group.get_absolute_url())
    body = text(response)
    assert response.status_code == 200
    assert "<h1>Oxford Influence Group</h1>" in body
    assert "People who came to Citizens Advice Oxford for support." in body
    assert body.index("First aim") < body.index("Second aim")
    assert "Citizens Advice Oxford</a>: host" in body
    assert "From the waiting room" in body
    assert 'href="mailto:oig@example.org"' in body
    assert any(a.get("href") == "/topics/housing/" for a in tags(response, "a"))


def test_group_page_leaves_out_unpublished_stories(client, influence_group):
    MemberStoryFactory(group=influence_group, title="A draft story", status="draft")
    MemberStoryFactory(group=influence_group, title="No consent yet", consent_given_at=None)
    MemberStoryFactory(
        group=influence_group, title="Consent withdrawn", consent_withdrawn_at=timezone.now()
    )
    body = text(client.get(influence_group.get_absolute_url()))
    assert "From the waiting room" in body
    for title in ["A draft story", "No consent yet", "Consent withdrawn"]:
        assert title not in body


def test_inactive_group_says_so(client):
    group = CommunityGroupFactory(is_active=False)
    assert "no longer meeting" in text(client.get(group.get_absolute_url()))


def test_inactive_group_does_not_invite_visitors_to_join_or_to_its_calendar(client):
    group = CommunityGroupFactory(name="Abbey Tenants", is_active=False)
    body = text(client.get(group.get_absolute_url()))
    assert "Get involved with Abbey Tenants" not in body
    assert "Nothing is planned: the group no longer meets." in body
    assert "Subscribe to this group's calendar" not in body


def test_active_group_invites_visitors_to_join_and_to_its_calendar(client):
    group = CommunityGroupFactory(name="Abbey Tenants")
    body = text(client.get(group.get_absolute_url()))
    assert "Get involved with Abbey Tenants" in body
    assert "Nothing is planned just yet." in body
    assert "Subscribe to this group's calendar" in body


def test_draft_group_gets_the_sites_404(client):
    group = CommunityGroupFactory(status="draft")
    response = client.get(group.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_unknown_group_gets_the_sites_404(client):
    response = client.get("/groups/no-such-group/")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_group_page_query_count_does_not_grow_with_content(client, django_assert_num_queries):
    def fill(group, n):
        GroupAimFactory.create_batch(n, group=group)
        GroupLinkFactory.create_batch(n, group=group)
        MemberStoryFactory.create_batch(n, group=group)
        for _ in range(n):
            PartnershipFactory(group=group)
        group.topics.add(*TopicFactory.create_batch(n))

    small, large = CommunityGroupFactory(), CommunityGroupFactory()
    fill(small, 3)
    fill(large, 30)
    # Without a newsletter of its own, a group's page reads no newsletters and no latest issue.
    with django_assert_num_queries(9):
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(large.get_absolute_url()).status_code == 200


def test_staff_who_can_edit_groups_preview_a_draft(client, django_user_model):
    group = CommunityGroupFactory(name="Draft Group", status="draft")
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_communitygroup"))
    group.coordinators.add(editor)
    client.force_login(editor)
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert "Draft preview." in text(response)
    assert "no-cache" in response["Cache-Control"]


def test_staff_who_do_not_coordinate_the_group_cannot_preview(client, django_user_model):
    group = CommunityGroupFactory(status="draft")
    editor = django_user_model.objects.create_user("other", password="pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_communitygroup"))
    CommunityGroupFactory().coordinators.add(editor)
    client.force_login(editor)
    assert client.get(group.get_absolute_url()).status_code == 404


def test_staff_without_permission_cannot_preview(client, django_user_model):
    group = CommunityGroupFactory(status="draft")
    client.force_login(django_user_model.objects.create_user("x", password="pw", is_staff=True))
    assert client.get(group.get_absolute_url()).status_code == 404


def test_published_page_is_not_marked_as_a_preview_for_editors(admin_client, influence_group):
    assert "Draft preview." not in text(admin_client.get(influence_group.get_absolute_url()))


# Topics and organisations


def test_topic_list_counts_published_groups(client, influence_group):
    CommunityGroupFactory(status="draft", topics=[influence_group.topics.get()])
    body = text(client.get(reverse("groups:topic_list")))
    assert 'Housing</a> <span class="count">(1 group)</span>' in body


def test_topic_page_lists_its_published_groups(client, influence_group, parent_power):
    CommunityGroupFactory(
        name="Draft Housing Group", status="draft", topics=[TopicFactory(slug="housing")]
    )
    response = client.get("/topics/housing/")
    groups = response.context["page_obj"].object_list
    assert [g.name for g in groups] == ["Oxford Influence Group"]
    assert "Parent Power" not in text(response)


def test_topic_page_query_count_does_not_grow(client, housing, django_assert_num_queries):
    # The topic, the count of its groups, a page of groups, and their topics.
    CommunityGroupFactory.create_batch(3, topics=[housing])
    with django_assert_num_queries(4):
        assert client.get(housing.get_absolute_url()).status_code == 200
    CommunityGroupFactory.create_batch(27, topics=[housing])
    with django_assert_num_queries(4):
        assert client.get(housing.get_absolute_url()).status_code == 200


def test_topic_page_shows_a_page_of_groups_with_the_count_and_links(client, housing):
    CommunityGroupFactory.create_batch(30, topics=[housing])
    first = client.get(housing.get_absolute_url())
    assert len(first.context["page_obj"].object_list) == 24
    assert "30 groups, 1 to 24 shown." in text(first)
    assert any(a.get("href") == "/groups/?topic=housing" for a in tags(first, "a"))
    assert any(a.get("href") == "?page=2" for a in tags(first, "a"))
    second = client.get(housing.get_absolute_url(), {"page": "2"})
    assert len(second.context["page_obj"].object_list) == 6


@pytest.mark.parametrize("page", ["999", "abc", "-1", "99999999999999999999999"])
def test_topic_page_forgives_odd_page_numbers(client, housing, page):
    CommunityGroupFactory.create_batch(30, topics=[housing])
    assert client.get(housing.get_absolute_url(), {"page": page}).status_code == 200


def test_topic_list_counts_groups_in_one_query(client, django_assert_num_queries):
    topics = TopicFactory.create_batch(3)
    CommunityGroupFactory.create_batch(3, topics=topics)
    with django_assert_num_queries(1):
        client.get(reverse("groups:topic_list"))
    CommunityGroupFactory.create_batch(27, topics=topics)
    with django_assert_num_queries(1):
        body = text(client.get(reverse("groups:topic_list")))
    assert body.count('<span class="count">(30 groups)</span>') == 3


def test_unknown_topic_page_is_404(client):
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_organisation_page_lists_its_published_groups_and_roles(client, influence_group):
    organisation = OrganisationFactory(name="Lankelly Chase")
    PartnershipFactory(organisation=organisation, group__name="Parent Power", role="funder")
    PartnershipFactory(organisation=organisation, group__name="Hidden", group__status="draft")
    body = text(client.get(organisation.get_absolute_url()))
    assert "Parent Power</a>: funder" in body
    assert "Hidden" not in body


def test_organisation_page_shows_a_page_of_groups(client, django_assert_num_queries):
    organisation = OrganisationFactory(name="Lankelly Chase")
    PartnershipFactory.create_batch(3, organisation=organisation)
    # The organisation, the count of its partnerships, and a page of them with their groups.
    with django_assert_num_queries(3):
        client.get(organisation.get_absolute_url())
    PartnershipFactory.create_batch(57, organisation=organisation)
    with django_assert_num_queries(3):
        first = client.get(organisation.get_absolute_url())
    assert len(first.context["page_obj"].object_list) == 50
    assert "60 partnerships, 1 to 50 shown." in text(first)
    second = client.get(organisation.get_absolute_url(), {"page": "2"})
    assert len(second.context["page_obj"].object_list) == 10


# Members' stories


def test_story_page_names_the_teller_as_they_asked(client):
    story = MemberStoryFactory(
        title="Studying together",
        naming="anonymous",
        teller_name="Amina Example",
        group__name="Parent Power",
    )
    body = text(client.get(story.get_absolute_url()))
    assert "<h1>Studying together</h1>" in body
    assert "A story from a member of Parent Power" in body
    assert "Amina" not in body


def test_story_page_shows_the_first_name_only_when_asked(client):
    story = MemberStoryFactory(naming="first", teller_name="Amina Example")
    body = text(client.get(story.get_absolute_url()))
    assert "Told by <strong>Amina</strong>" in body
    assert "Example" not in body


def test_story_is_404_under_another_groups_address(client, parent_power):
    story = MemberStoryFactory(slug="my-story")
    assert client.get(f"/groups/{parent_power.slug}/stories/my-story/").status_code == 404
    assert client.get(story.get_absolute_url()).status_code == 200


def test_withdrawing_consent_takes_the_story_off_every_page_at_once(client, influence_group):
    story = influence_group.stories.get()
    MemberStory.objects.filter(pk=story.pk).update(consent_withdrawn_at=timezone.now())
    assert client.get(story.get_absolute_url()).status_code == 404
    assert story.title not in text(client.get(influence_group.get_absolute_url()))
    assert story.slug not in whole_sitemap(client)
    assert MemberStory.objects.filter(pk=story.pk).exists()


def test_story_without_consent_is_404(client):
    story = MemberStoryFactory(consent_given_at=None)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_story_of_a_draft_group_is_404(client):
    story = MemberStoryFactory(group__status="draft")
    assert client.get(story.get_absolute_url()).status_code == 404
