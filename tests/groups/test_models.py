from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from groups.models import CommunityGroup, MemberStory
from groups.services import story_withdraw_consent
from tests.factories import (
    CommunityGroupFactory,
    MemberStoryFactory,
    OrganisationFactory,
    PartnershipFactory,
    TopicFactory,
    image_file,
)

pytestmark = pytest.mark.django_db


def test_group_str_and_url():
    group = CommunityGroupFactory(name="Parent Power", slug="parent-power")
    assert str(group) == "Parent Power"
    assert group.get_absolute_url() == "/groups/parent-power/"


def test_topic_organisation_and_story_urls():
    story = MemberStoryFactory(group__slug="parent-power", slug="studying-together")
    assert TopicFactory(slug="housing").get_absolute_url() == "/topics/housing/"
    assert OrganisationFactory(slug="oxford-hub").get_absolute_url() == "/organisations/oxford-hub/"
    assert story.get_absolute_url() == "/groups/parent-power/stories/studying-together/"


def test_partnership_describes_the_role():
    partnership = PartnershipFactory(
        group__name="Parent Power", organisation__name="Lankelly Chase", role="funder"
    )
    assert str(partnership) == "Lankelly Chase (funder of Parent Power)"


def test_group_slugs_are_unique():
    CommunityGroupFactory(slug="parent-power")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityGroupFactory(slug="parent-power")


def test_story_slugs_are_unique_within_a_group_only():
    first = MemberStoryFactory(slug="my-story")
    MemberStoryFactory(slug="my-story")  # another group: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberStoryFactory(slug="my-story", group=first.group)


def test_group_image_needs_alt_text_in_the_database():
    group = CommunityGroupFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityGroup.objects.filter(pk=group.pk).update(image="groups/photo.jpg", image_alt="")


def test_group_image_needs_alt_text_in_forms():
    group = CommunityGroupFactory.build(image=image_file(), image_alt=" ")
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "image_alt" in error.value.message_dict


def test_story_cannot_be_published_without_consent():
    story = MemberStoryFactory.build(
        group=CommunityGroupFactory(), consent_given_at=None, status="published"
    )
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert error.value.message_dict["consent_given_at"] == [
        "A story can only be published once the teller's consent is recorded."
    ]


def test_story_consent_cannot_be_withdrawn_before_it_was_given_in_the_database():
    story = MemberStoryFactory(consent_given_at=None, status="draft")
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberStory.objects.filter(pk=story.pk).update(consent_withdrawn_at=timezone.now())


@pytest.mark.parametrize(
    ("changes", "public"),
    [
        ({}, True),
        ({"consent_given_at": None}, False),
        ({"consent_withdrawn_at": timezone.now()}, False),
        ({"status": "draft"}, False),
        ({"publish_at": timezone.now() + timedelta(days=1)}, False),
    ],
)
def test_story_is_public_only_with_recorded_unwithdrawn_consent(changes, public):
    story = MemberStoryFactory()
    MemberStory.objects.filter(pk=story.pk).update(**changes)
    story.refresh_from_db()
    assert MemberStory.objects.published().filter(pk=story.pk).exists() is public
    assert story.is_public is public


def test_story_of_a_draft_group_is_not_public():
    story = MemberStoryFactory(group__status="draft")
    assert not MemberStory.objects.published().filter(pk=story.pk).exists()
    assert story.is_public is False


@pytest.mark.parametrize(
    ("naming", "byline"),
    [
        ("full", "Jo Bloggs"),
        ("first", "Jo"),
        ("anonymous", "A member of Parent Power"),
    ],
)
def test_story_byline_follows_how_the_teller_asked_to_be_named(naming, byline):
    story = MemberStoryFactory(naming=naming, teller_name="Jo Bloggs", group__name="Parent Power")
    assert story.byline == byline


def test_withdrawing_consent_keeps_the_story_and_records_when():
    story = MemberStoryFactory()
    story_withdraw_consent(story=story)
    story.refresh_from_db()
    assert story.consent_withdrawn_at is not None
    assert MemberStory.objects.filter(pk=story.pk).exists()
    assert not MemberStory.objects.published().filter(pk=story.pk).exists()


def test_withdrawing_consent_twice_keeps_the_first_date():
    story = MemberStoryFactory()
    first = timezone.now() - timedelta(days=2)
    story_withdraw_consent(story=story, when=first)
    story_withdraw_consent(story=story)
    story.refresh_from_db()
    assert story.consent_withdrawn_at == first


def test_consent_cannot_be_withdrawn_before_it_was_given():
    story = MemberStoryFactory.build(
        group=CommunityGroupFactory(),
        consent_given_at=timezone.now() - timedelta(days=1),
        consent_withdrawn_at=timezone.now() - timedelta(days=3),
    )
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert error.value.message_dict["consent_withdrawn_at"] == [
        "Consent cannot be withdrawn before it was given."
    ]


def test_consent_withdrawn_before_given_is_refused_by_the_database():
    story = MemberStoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberStory.objects.filter(pk=story.pk).update(
            consent_withdrawn_at=story.consent_given_at - timedelta(days=1)
        )
