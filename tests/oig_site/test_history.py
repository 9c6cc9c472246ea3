"""History through the admin: every change recorded (who, when, what), compare two versions,
revert to one, and recover something deleted; coordinators only for their own groups."""

import pytest
from django.urls import reverse
from reversion.models import Version

from groups.models import CommunityGroup, MemberStory
from tests.factories import CommunityGroupFactory, GroupAimFactory, MemberStoryFactory, staff_member
from tests.html import form_data, text

pytestmark = pytest.mark.django_db


def change_story(client, story, **changes):
    url = reverse("admin:groups_memberstory_change", args=[story.pk])
    data = form_data(client.get(url), "memberstory_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, text(response)[:3000]


@pytest.fixture
def story(admin_client):
    story = MemberStoryFactory(title="First title", body="<p>First words.</p>")
    change_story(admin_client, story)  # the first version, as saved in the admin
    return story


def test_every_change_is_recorded_with_who_and_when(admin_client, superuser, story):
    change_story(admin_client, story, title="Second title")
    versions = Version.objects.get_for_object(story)
    assert versions.count() == 2
    assert versions[0].revision.user == superuser
    history = text(admin_client.get(reverse("admin:groups_memberstory_history", args=[story.pk])))
    assert "Changed Title." in history
    assert history.count('name="version_id1"') == 2  # the form to compare two versions


def test_two_versions_can_be_compared(admin_client, story):
    change_story(admin_client, story, title="Second title")
    newer, older = Version.objects.get_for_object(story)[:2]
    response = admin_client.get(
        reverse("admin:groups_memberstory_compare", args=[story.pk]),
        {"version_id1": older.pk, "version_id2": newer.pk},
    )
    body = text(response)
    assert response.status_code == 200
    assert "First title" in body and "Second title" in body


def test_an_earlier_version_can_be_restored(admin_client, story):
    change_story(admin_client, story, title="Second title", body="<p>Changed words.</p>")
    first = Version.objects.get_for_object(story).last()
    url = reverse("admin:groups_memberstory_revision", args=[story.pk, first.pk])
    page = admin_client.get(url)
    assert "First title" in text(page)
    assert MemberStory.objects.get(pk=story.pk).title == "Second title"  # looking changes nothing
    admin_client.post(url, form_data(page, "memberstory_form"))
    story.refresh_from_db()
    assert (story.title, story.body) == ("First title", "<p>First words.</p>")


def test_something_deleted_can_be_recovered_with_its_parts(admin_client):
    group = CommunityGroupFactory(name="Recoverable Group", slug="recoverable")
    GroupAimFactory(group=group, text="An aim that must come back", position=1)
    url = reverse("admin:groups_communitygroup_change", args=[group.pk])
    admin_client.post(url, form_data(admin_client.get(url), "communitygroup_form"))
    admin_client.post(
        reverse("admin:groups_communitygroup_delete", args=[group.pk]), {"post": "yes"}
    )
    assert not CommunityGroup.objects.filter(slug="recoverable").exists()

    recover_list = admin_client.get(reverse("admin:groups_communitygroup_recoverlist"))
    assert "Recoverable Group" in text(recover_list)
    version = Version.objects.get_deleted(CommunityGroup).get()
    recover_url = reverse("admin:groups_communitygroup_recover", args=[version.pk])
    page = admin_client.get(recover_url)
    admin_client.post(recover_url, form_data(page, "communitygroup_form"))
    restored = CommunityGroup.objects.get(slug="recoverable")
    assert list(restored.aims.values_list("text", flat=True)) == ["An aim that must come back"]


@pytest.fixture
def coordinator(client, django_user_model):
    return staff_member("coord", "c@example.org")


def test_coordinators_see_and_restore_only_their_own_groups_history(
    admin_client, client, coordinator
):
    own = MemberStoryFactory(title="Own story")
    other = MemberStoryFactory(title="Other story")
    own.group.coordinators.add(coordinator)
    for story in (own, other):
        change_story(admin_client, story, title=f"{story.title} v2")
    other_version = Version.objects.get_for_object(other).last()
    admin_client.post(reverse("admin:groups_memberstory_delete", args=[other.pk]), {"post": "yes"})

    client.force_login(coordinator)
    assert client.get(reverse("admin:groups_memberstory_history", args=[own.pk])).status_code == 200
    assert (
        client.get(
            reverse("admin:groups_memberstory_history", args=[MemberStoryFactory().pk])
        ).status_code
        == 403
    )
    recover_list = text(client.get(reverse("admin:groups_memberstory_recoverlist")))
    assert "Other story" not in recover_list
    response = client.get(reverse("admin:groups_memberstory_recover", args=[other_version.pk]))
    assert response.status_code in {403, 404}
    assert not MemberStory.objects.filter(pk=other.pk).exists()
