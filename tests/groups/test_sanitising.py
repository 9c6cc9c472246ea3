"""Rich text from the admin is sanitised on save and rendered safely."""

import pytest

from groups.models import CommunityGroup
from tests.factories import CommunityGroupFactory, MemberStoryFactory
from tests.html import text

pytestmark = pytest.mark.django_db

NASTY = (
    '<p>Hello <strong>friends</strong></p><script>alert("x")</script>'
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">click</a>'
    '<p onclick="alert(3)">Click me</p><a href="https://example.org/">safe link</a>'
)


def test_script_and_event_handlers_are_removed_when_saved():
    group = CommunityGroupFactory(description=NASTY)
    stored = CommunityGroup.objects.get(pk=group.pk).description
    assert "<script" not in stored
    assert "onerror" not in stored
    assert "onclick" not in stored
    assert "javascript:" not in stored
    assert "<strong>friends</strong>" in stored
    assert '<a href="https://example.org/">safe link</a>' in stored


def test_nothing_unsafe_reaches_the_public_page_even_if_stored_by_another_route(client):
    group = CommunityGroupFactory()
    CommunityGroup.objects.filter(pk=group.pk).update(description=NASTY)  # bypasses save()
    body = text(client.get(group.get_absolute_url()))
    assert 'alert("x")' not in body
    assert "onerror" not in body
    assert "javascript:alert" not in body
    assert "<strong>friends</strong>" in body


def test_story_body_is_sanitised():
    story = MemberStoryFactory(body='<p>My story</p><iframe src="https://evil.example"></iframe>')
    story.refresh_from_db()
    assert story.body == "<p>My story</p>"
