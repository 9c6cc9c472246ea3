"""Deleting personal data for good: the rows, and every copy the admin's history keeps of them
(django-reversion's versions, which hold the whole object, and the admin's log of changes, which
holds its name). Used by each app's purge of what it keeps for a set time (see the
``purge_personal_data`` command)."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from reversion.models import Version

# Rows deleted per transaction: a purge never holds locks on a large table for long.
PURGE_BATCH = 500


def delete_with_history(queryset) -> int:
    """Delete the rows of ``queryset``, a batch at a time, each with its versions and its
    entries in the admin's log. Returns how many rows were deleted."""
    model = queryset.model
    content_type = ContentType.objects.get_for_model(model)
    pks = queryset.order_by("pk").values_list("pk", flat=True)
    deleted = 0
    while ids := list(pks[:PURGE_BATCH]):
        object_ids = [str(pk) for pk in ids]
        with transaction.atomic():
            Version.objects.filter(content_type=content_type, object_id__in=object_ids).delete()
            LogEntry.objects.filter(content_type=content_type, object_id__in=object_ids).delete()
            _total, per_model = model._base_manager.filter(pk__in=ids).delete()
        batch = per_model.get(model._meta.label, 0)
        if not batch:  # nothing could be deleted (never expected): do not go round for ever
            break
        deleted += batch
    return deleted
