"""Closed enquiries are deleted some months after their last change, with every trace of them in
the admin's history; nothing else is."""

import datetime as dt
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from reversion.models import Revision, Version

from enquiries.models import Enquiry
from enquiries.services import enquiries_purge, months_before
from oig_site import settings as site_settings

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def make(*, status="closed", last_changed=NOW, group=None, name="Sam") -> Enquiry:
    enquiry = Enquiry.objects.create(
        group=group, name=name, email="sam@example.org", consent_to_contact=True, status=status
    )
    # auto_now sets updated_at on save: set the time of the last change directly.
    Enquiry.objects.filter(pk=enquiry.pk).update(updated_at=last_changed)
    return enquiry


def traces(enquiry) -> dict:
    """Everything the admin's history keeps of an enquiry."""
    content_type = ContentType.objects.get_for_model(Enquiry)
    return {
        "versions": Version.objects.filter(
            content_type=content_type, object_id=str(enquiry.pk)
        ).count(),
        "log": LogEntry.objects.filter(
            content_type=content_type, object_id=str(enquiry.pk)
        ).count(),
    }


def with_history(enquiry, user) -> Enquiry:
    """A version and a log entry for the enquiry, as the history would keep them."""
    content_type = ContentType.objects.get_for_model(Enquiry)
    revision = Revision.objects.create(date_created=timezone.now(), comment="Changed")
    Version.objects.create(
        revision=revision,
        content_type=content_type,
        object_id=str(enquiry.pk),
        db="default",
        format="json",
        serialized_data=json.dumps(
            [{"model": "enquiries.enquiry", "fields": {"name": enquiry.name}}]
        ),
        object_repr=str(enquiry),
    )
    LogEntry.objects.log_actions(user.pk, [enquiry], CHANGE, change_message="Closed")
    return enquiry


def test_months_before_counts_calendar_months():
    assert months_before(NOW, 12) == dt.datetime(2025, 6, 15, 12, 0, tzinfo=dt.UTC)
    assert months_before(NOW, 6) == dt.datetime(2025, 12, 15, 12, 0, tzinfo=dt.UTC)
    end_of_march = dt.datetime(2024, 3, 31, tzinfo=dt.UTC)
    assert months_before(end_of_march, 1) == dt.datetime(2024, 2, 29, tzinfo=dt.UTC)


def test_closed_enquiries_past_the_retention_period_are_deleted(settings, superuser):
    settings.ENQUIRY_RETENTION_MONTHS = 12
    old_closed = with_history(
        make(last_changed=NOW - dt.timedelta(days=366), name="Old Closed"), superuser
    )
    just_inside = make(last_changed=months_before(NOW, 12) + dt.timedelta(minutes=1))
    old_new = make(status="new", last_changed=NOW - dt.timedelta(days=900))
    old_replied = make(status="replied", last_changed=NOW - dt.timedelta(days=900))
    kept_history = with_history(make(status="new"), superuser)

    assert enquiries_purge(now=NOW) == 1

    assert set(Enquiry.objects.values_list("pk", flat=True)) == {
        just_inside.pk,
        old_new.pk,
        old_replied.pk,
        kept_history.pk,
    }
    assert traces(old_closed) == {"versions": 0, "log": 0}
    assert not Version.objects.filter(serialized_data__contains="Old Closed").exists()
    assert traces(kept_history) == {"versions": 1, "log": 1}


def test_the_retention_period_is_a_setting(settings):
    enquiry = make(last_changed=NOW - dt.timedelta(days=40))
    settings.ENQUIRY_RETENTION_MONTHS = 2
    assert enquiries_purge(now=NOW) == 0
    settings.ENQUIRY_RETENTION_MONTHS = 1
    assert enquiries_purge(now=NOW) == 1
    assert not Enquiry.objects.filter(pk=enquiry.pk).exists()


def test_the_purge_works_in_batches(settings, monkeypatch):
    monkeypatch.setattr("oig_site.core.retention.PURGE_BATCH", 2)
    for _ in range(5):
        make(last_changed=NOW - dt.timedelta(days=800))
    assert enquiries_purge(now=NOW) == 5
    assert not Enquiry.objects.exists()


def test_nothing_to_purge(db):
    assert enquiries_purge() == 0


def test_the_default_is_twelve_months():
    assert site_settings.ENQUIRY_RETENTION_MONTHS == 12
