"""Writes with side effects for activities. Views and admin actions call these."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from activities.models import Activity
from oig_site.core.publishing import Status


def _free_slug(base: str) -> str:
    slug, number = f"{base}-copy"[:200], 2
    while Activity.objects.filter(slug=slug).exists():
        slug = f"{base}-copy-{number}"[:200]
        number += 1
    return slug


@transaction.atomic
def activity_copy_as_draft(
    *, activity: Activity, user: AbstractBaseUser | None, groups=None
) -> Activity:
    """A new draft with the same details, groups, topics and links, for a repeat of the
    activity. What came of it and how many took part are left empty for the new one."""
    original = Activity.objects.get(pk=activity.pk)
    copy = Activity.objects.get(pk=activity.pk)
    copy.pk = None
    copy._state.adding = True
    copy.title = f"{original.title} (copy)"[:200]
    copy.slug = _free_slug(original.slug)
    copy.status = Status.DRAFT
    copy.publish_at = timezone.now()
    copy.outcome = ""
    copy.participants = None
    copy.signups_close_at = None  # the original's closing time is for the original's date
    copy.created_by = copy.updated_by = user
    copy.save()
    copy.groups.set(
        original.groups.all() if groups is None else original.groups.filter(pk__in=groups)
    )
    copy.topics.set(original.topics.all())
    for link in original.links.all():
        link.pk = None
        link.activity = copy
        link.save()
    return copy
