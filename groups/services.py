"""Writes with side effects for the groups app. Views and admin actions call these."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils import timezone

from groups.models import MemberStory
from groups.roles import ensure_roles
from oig_site.core.links import site_address


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


def coordinator_add(*, email: str, group, request=None) -> "tuple[object, bool]":
    """Make the person with this e-mail address a coordinator of ``group``: create their account
    if needed (staff, with the Coordinators role), and e-mail them a link to set a password.
    Returns the user and whether the account is new."""
    coordinators, _ = ensure_roles()
    email = email.strip().lower()
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = user_model(username=email[:150], email=email, is_staff=True)
        user.set_unusable_password()
        user.save()
    elif not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(coordinators)
    group.coordinators.add(user)

    class SetPasswordLinkForm(PasswordResetForm):
        # Django's form skips accounts without a usable password; a new coordinator has none yet.
        def get_users(self, email):
            return user_model._default_manager.filter(email__iexact=email, is_active=True)

    form = SetPasswordLinkForm({"email": email})
    if form.is_valid():
        site_url = site_address()
        form.save(
            domain_override=site_url.split("://", 1)[-1],
            use_https=site_url.startswith("https://"),
            subject_template_name="registration/coordinator_welcome_subject.txt",
            email_template_name="registration/coordinator_welcome_email.txt",
            extra_email_context={"group": group, "site_name": settings.SITE_NAME},
        )
    return user, created
