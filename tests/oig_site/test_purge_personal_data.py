"""``manage.py purge_personal_data``, run daily from cron: old sign-ups and closed enquiries are
deleted with every copy in the admin's history (its log of changes included); what is still
within its time is kept."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from activities.models import SignUp, SignUpTally
from activities.services.signups import signup_create
from enquiries.models import Enquiry
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def purge() -> str:
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    return out.getvalue()


def logged(obj, user) -> None:
    LogEntry.objects.log_actions(user.pk, [obj], CHANGE, change_message="Changed")


def log_of(model) -> list[str]:
    return list(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
        .order_by("object_repr")
        .values_list("object_repr", flat=True)
    )


def test_old_sign_ups_and_closed_enquiries_go_with_their_log_entries(
    settings, superuser, influence_group
):
    settings.SIGNUP_RETENTION_DAYS = 30
    settings.ENQUIRY_RETENTION_MONTHS = 12
    today = timezone.localdate()
    old_event = ActivityFactory(
        groups=[influence_group], start_date=today + dt.timedelta(days=3), signups_open=True
    )
    new_event = ActivityFactory(
        groups=[influence_group], start_date=today + dt.timedelta(days=4), signups_open=True
    )
    for name, event in [("Olive Oldname", old_event), ("Nina Newname", new_event)]:
        signup_create(
            activity=event,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            phone="",
            access_needs=[],
            other_access_needs="",
        )
        logged(SignUp.objects.get(name=name), superuser)
    # The first event is long over: move it back in time.
    type(old_event).objects.filter(pk=old_event.pk).update(
        start_date=today - dt.timedelta(days=31), end_date=None
    )
    closed = Enquiry.objects.create(
        name="Carl Closed", email="carl@example.org", consent_to_contact=True, status="closed"
    )
    still_open = Enquiry.objects.create(
        name="Otto Open", email="otto@example.org", consent_to_contact=True, status="new"
    )
    Enquiry.objects.filter(pk__in=[closed.pk, still_open.pk]).update(
        updated_at=timezone.now() - dt.timedelta(days=400)
    )
    for enquiry in (closed, still_open):
        logged(enquiry, superuser)

    assert purge().startswith("Deleted 1 sign-up(s) of events that ended more than 30 days ago")

    assert list(SignUp.objects.values_list("name", flat=True)) == ["Nina Newname"]
    assert list(Enquiry.objects.values_list("name", flat=True)) == ["Otto Open"]
    assert not [entry for entry in log_of(SignUp) if "Olive" in entry]
    assert [entry for entry in log_of(SignUp) if "Nina" in entry]
    assert log_of(Enquiry) == [str(still_open)]
    assert SignUpTally.objects.get(activity=old_event).confirmed == 1
    # Run again: nothing more to delete.
    assert purge().startswith("Deleted 0 sign-up(s)")
