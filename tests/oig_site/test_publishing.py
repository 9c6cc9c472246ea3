"""The publishing rule (``.published()``), tested once across the whole grid."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import CommunityGroup
from oig_site.core.publishing import PublicationState
from tests.factories import CommunityGroupFactory

GRID = [
    # status, publish time offset, visible to the public, state
    ("draft", timedelta(days=-1), False, PublicationState.DRAFT),
    ("draft", timedelta(days=1), False, PublicationState.DRAFT),
    ("published", timedelta(days=-1), True, PublicationState.PUBLISHED),
    ("published", timedelta(days=1), False, PublicationState.SCHEDULED),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "offset", "visible", "state"), GRID)
def test_published_queryset(status, offset, visible, state):
    group = CommunityGroupFactory(status=status, publish_at=timezone.now() + offset)
    assert CommunityGroup.objects.published().filter(pk=group.pk).exists() is visible


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "offset", "visible", "state"), GRID)
def test_publication_state_and_is_public_agree_with_the_queryset(status, offset, visible, state):
    group = CommunityGroupFactory(status=status, publish_at=timezone.now() + offset)
    assert (group.publication_state, group.is_public) == (state, visible)


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "offset", "visible", "state"), GRID)
def test_public_pages_follow_the_rule(client, status, offset, visible, state):
    group = CommunityGroupFactory(
        name="Grid Group", status=status, publish_at=timezone.now() + offset
    )
    detail = client.get(group.get_absolute_url())
    directory = client.get(reverse("groups:group_list"))
    assert detail.status_code == (200 if visible else 404)
    assert ("Grid Group" in directory.content.decode()) is visible


@pytest.mark.django_db
def test_scheduled_group_appears_by_itself_when_its_time_comes(client):
    group = CommunityGroupFactory(publish_at=timezone.now() + timedelta(seconds=1))
    assert client.get(group.get_absolute_url()).status_code == 404
    CommunityGroup.objects.filter(pk=group.pk).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(group.get_absolute_url()).status_code == 200
