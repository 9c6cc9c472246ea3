"""The shared content blocks: every picture on the site (a group's, an activity's, a story's
photo, an issue's cover and its sections' pictures) has a description for people who cannot
see it, or is marked decorative; forms say so in plain words, and the database refuses it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    CommunityGroupFactory,
    IssueFactory,
    MemberStoryFactory,
    SectionFactory,
    image_file,
)

pytestmark = pytest.mark.django_db

PICTURES = pytest.mark.parametrize(
    ("make", "noun"),
    [
        (CommunityGroupFactory, "banner picture"),
        (ActivityFactory, "image"),
        (MemberStoryFactory, "photo"),
        (IssueFactory, "cover image"),
        (SectionFactory, "image"),
    ],
    ids=["group", "activity", "story", "issue", "section"],
)


@PICTURES
def test_a_picture_without_a_description_is_refused_with_a_plain_message(make, noun):
    obj = make()
    obj.image, obj.image_alt = image_file(), " "
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    assert error.value.message_dict["image_alt"] == [
        f"Describe the {noun} for people who cannot see it (alt text), "
        f"or tick 'the {noun} is decorative'."
    ]


@PICTURES
def test_a_described_or_decorative_picture_is_accepted(make, noun):
    obj = make()
    obj.image, obj.image_alt = image_file(), "Members around a table"
    obj.full_clean()
    obj.image_alt, obj.image_decorative = "", True
    obj.full_clean()


@PICTURES
def test_the_database_refuses_a_picture_without_a_description(make, noun):
    obj = make()
    rows = type(obj).objects.filter(pk=obj.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(image="pictures/a.jpg", image_alt="", image_decorative=False)
    rows.update(image="pictures/a.jpg", image_alt="", image_decorative=True)
    rows.update(image="pictures/a.jpg", image_alt="A picture", image_decorative=False)


def test_an_activity_reports_the_missing_description_with_its_other_errors():
    activity = ActivityFactory()
    activity.image, activity.image_alt = image_file(), ""
    activity.end_date = activity.start_date.replace(year=activity.start_date.year - 1)
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert set(error.value.message_dict) >= {"image_alt", "end_date"}


def test_a_story_reports_the_missing_description_with_its_other_errors():
    story = MemberStoryFactory()
    story.image, story.image_alt, story.consent_given_by = image_file(), "", ""
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert set(error.value.message_dict) >= {"image_alt", "consent_given_by"}


@pytest.mark.parametrize(
    ("page", "labels"),
    [
        (
            "admin:groups_communitygroup_add",
            [
                "Banner picture:",
                "Banner picture description (alt text)",
                "The banner picture is decorative",
            ],
        ),
        ("admin:activities_activity_add", ["Image description (alt text)"]),
        ("admin:groups_memberstory_add", ["Photo description (alt text)"]),
        (
            "admin:newsletters_issue_add",
            ["Cover image description (alt text)", "The cover image is decorative"],
        ),
    ],
)
def test_the_admin_calls_each_picture_what_coordinators_know_it_as(admin_client, page, labels):
    html = admin_client.get(reverse(page)).content.decode()
    for label in labels:
        assert label in html


def files_in(folder) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_a_story_photo_is_kept_private_without_smaller_copies(settings):
    story = MemberStoryFactory(image_alt="Amina")
    story.image.save("amina.png", image_file(size=(1200, 800)))
    assert files_in(settings.PRIVATE_MEDIA_ROOT) == {story.image.name}
    assert files_in(settings.MEDIA_ROOT) == set()


def test_a_public_picture_gets_smaller_copies(settings):
    group = CommunityGroupFactory(image_alt="Members around a table")
    group.image.save("members.png", image_file(size=(1200, 800)))
    stem = group.image.name.removesuffix(".png")
    assert files_in(settings.MEDIA_ROOT) == {
        group.image.name,
        f"{stem}-480w.png",
        f"{stem}-960w.png",
    }
    assert files_in(settings.PRIVATE_MEDIA_ROOT) == set()
