"""Writes with side effects for the groups app. Views and admin actions call these."""

from datetime import datetime

from django.utils import timezone

from groups.models import MemberStory


def story_withdraw_consent(*, story: MemberStory, when: datetime | None = None) -> MemberStory:
    """Record that the teller withdrew consent: the story leaves every public page at once.

    The story itself is kept (never deleted), with the time consent was withdrawn.
    """
    if story.consent_withdrawn_at is None:
        story.consent_withdrawn_at = when or timezone.now()
        story.save(update_fields=["consent_withdrawn_at", "updated_at"])
    return story


def stories_withdraw_consent(*, stories, when: datetime | None = None) -> int:
    """Withdraw consent for several stories (an admin bulk action). Returns how many changed."""
    when = when or timezone.now()
    changed = 0
    for story in stories.filter(consent_withdrawn_at__isnull=True, consent_given_at__isnull=False):
        story_withdraw_consent(story=story, when=when)
        changed += 1
    return changed
