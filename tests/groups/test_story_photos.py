"""A member's photo is private: stored outside the public uploads folder, under a random name,
and shown only while the story itself may be seen."""

import pytest

from groups.models import MemberStory
from groups.services import story_withdraw_consent
from tests.factories import MemberStoryFactory, image_file
from tests.html import tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_with_photo():
    return MemberStoryFactory(
        image=image_file("amina-smith.png"), image_alt="Amina at the community centre"
    )


def test_photo_is_stored_privately_under_a_random_name(settings, story_with_photo):
    name = story_with_photo.image.name
    assert "amina" not in name.lower()
    assert (settings.PRIVATE_MEDIA_ROOT / name).is_file()
    assert not list(settings.MEDIA_ROOT.rglob("*.png"))


def test_story_page_shows_the_photo_through_the_checked_address(client, story_with_photo):
    response = client.get(story_with_photo.get_absolute_url())
    image = [img for img in tags(response, "img") if img.get("class") == "page-image"][0]
    assert image["src"] == story_with_photo.get_photo_url()
    assert image["alt"] == "Amina at the community centre"
    assert (image["width"], image["height"]) == ("40", "30")
    photo = client.get(image["src"])
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")
    assert "no-cache" in photo["Cache-Control"]


def test_photo_disappears_the_moment_consent_is_withdrawn(client, story_with_photo):
    url = story_with_photo.get_photo_url()
    story_withdraw_consent(story=story_with_photo)
    assert client.get(url).status_code == 404
    assert MemberStory.objects.get(pk=story_with_photo.pk).image  # kept, not deleted


def test_photo_of_a_draft_story_is_not_shown(client):
    story = MemberStoryFactory(status="draft", image=image_file(), image_alt="A photo")
    assert client.get(story.get_photo_url()).status_code == 404


def test_photo_is_not_reachable_under_the_public_uploads_address(client, story_with_photo):
    assert client.get(f"/media/{story_with_photo.image.name}").status_code == 404


def test_story_without_photo_has_no_photo_address(client):
    story = MemberStoryFactory(consent_withdrawn_at=None)
    assert client.get(story.get_photo_url()).status_code == 404


def test_story_admin_page_loads_with_a_private_photo(admin_client, story_with_photo):
    response = admin_client.get(f"/admin/groups/memberstory/{story_with_photo.pk}/change/")
    assert response.status_code == 200
