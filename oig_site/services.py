"""Publishing services shared by every app's content (used by the admin's actions)."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from oig_site.publishing import Status


def content_publish_now(*, objects: QuerySet, user) -> tuple[int, list[str]]:
    """Publish each object from now. Objects that may not be published (for example a story
    without recorded consent) are left as they are; their problems are returned."""
    published, problems = 0, []
    for obj in objects:
        obj.status, obj.publish_at = Status.PUBLISHED, timezone.now()
        try:
            obj.full_clean()
        except ValidationError as error:
            problems.append(f"{obj}: {' '.join(error.messages)}")
            continue
        obj.updated_by = user
        obj.save()
        published += 1
    return published, problems


def content_unpublish(*, objects: QuerySet, user) -> int:
    """Take objects off the public site: back to draft. Nothing is deleted."""
    changed = 0
    for obj in objects.exclude(status=Status.DRAFT):
        obj.status = Status.DRAFT
        obj.updated_by = user
        obj.save()
        changed += 1
    return changed
