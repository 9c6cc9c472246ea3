import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities.models import Activity
from tests.factories import ActivityFactory, CommunityGroupFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)


def test_str_and_urls():
    activity = ActivityFactory(title="Housing Scrutiny Committee", slug="housing-scrutiny")
    assert str(activity) == "Housing Scrutiny Committee"
    assert activity.get_absolute_url() == "/activities/housing-scrutiny/"
    assert activity.get_calendar_url() == "/activities/housing-scrutiny.ics"


def build(**values):
    values.setdefault("title", "A meeting")
    values.setdefault("slug", "a-meeting")
    values.setdefault("summary", "About it.")
    return Activity(**values)


def errors_of(activity) -> dict:
    with pytest.raises(ValidationError) as error:
        activity.full_clean(exclude=["groups"])
    return error.value.message_dict


def test_end_date_before_start_is_refused_with_a_clear_message():
    activity = build(start_date=dt.date(2020, 7, 10), end_date=dt.date(2020, 7, 6))
    assert errors_of(activity)["end_date"] == ["The end date cannot be before the start date."]


def test_end_time_before_start_time_on_the_same_day_is_refused():
    activity = build(start_date=TODAY, start_time=dt.time(18), end_time=dt.time(17))
    assert errors_of(activity)["end_time"] == ["The end time cannot be before the start time."]


def test_end_time_earlier_in_the_day_is_fine_when_it_ends_another_day():
    activity = build(
        start_date=dt.date(2020, 7, 6),
        end_date=dt.date(2020, 7, 7),
        start_time=dt.time(18),
        end_time=dt.time(9),
    )
    activity.full_clean(exclude=["groups"])


def test_outcome_on_a_future_activity_is_refused():
    activity = build(
        start_date=timezone.localdate() + dt.timedelta(days=3), outcome="It went well."
    )
    assert errors_of(activity)["outcome"] == [
        "This activity has not happened yet. Add what came of it once it has."
    ]


def test_outcome_on_a_past_activity_is_fine():
    build(start_date=dt.date(2020, 7, 23), outcome="A report was written.").full_clean(
        exclude=["groups"]
    )


def test_database_refuses_an_end_before_the_start():
    activity = ActivityFactory(start_date=dt.date(2020, 7, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(end_date=dt.date(2020, 7, 1))


def test_slug_is_unique():
    ActivityFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(slug="same")


def test_activity_of_draft_groups_only_is_not_published():
    activity = ActivityFactory(groups=[CommunityGroupFactory(status="draft")])
    assert not Activity.objects.published().filter(pk=activity.pk).exists()


def test_joint_activity_with_one_published_group_is_published_once():
    activity = ActivityFactory(
        groups=[
            CommunityGroupFactory(),
            CommunityGroupFactory(),
            CommunityGroupFactory(status="draft"),
        ]
    )
    assert list(Activity.objects.published()) == [activity]


@pytest.mark.parametrize(
    ("start", "end", "upcoming"),
    [
        (TODAY, None, True),
        (TODAY + dt.timedelta(days=1), None, True),
        (TODAY - dt.timedelta(days=1), None, False),
        (TODAY - dt.timedelta(days=2), TODAY, True),
        (TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1), False),
    ],
)
def test_upcoming_and_past_split(start, end, upcoming):
    activity = ActivityFactory(start_date=start, end_date=end)
    assert Activity.objects.upcoming(today=TODAY).filter(pk=activity.pk).exists() is upcoming
    assert Activity.objects.past(today=TODAY).filter(pk=activity.pk).exists() is not upcoming


def test_upcoming_is_soonest_first_and_past_newest_first():
    later = ActivityFactory(start_date=TODAY + dt.timedelta(days=9))
    sooner = ActivityFactory(start_date=TODAY + dt.timedelta(days=2))
    older = ActivityFactory(start_date=TODAY - dt.timedelta(days=9))
    newer = ActivityFactory(start_date=TODAY - dt.timedelta(days=2))
    assert list(Activity.objects.upcoming(today=TODAY)) == [sooner, later]
    assert list(Activity.objects.past(today=TODAY)) == [newer, older]


def test_where_describes_venue_and_online():
    assert build(mode="in-person", venue="Town Hall").where == "Town Hall"
    assert build(mode="in-person", venue_to_be_confirmed=True).where == "Venue to be confirmed"
    assert build(mode="online").where == "Online"
    past = TODAY - dt.timedelta(days=1)
    assert build(mode="in-person", venue_to_be_confirmed=True, start_date=past).where == (
        "Venue not recorded"
    )
    assert build(mode="both", venue="Town Hall").where == "Town Hall; Online"


def test_access_features_in_plain_words():
    activity = build(step_free_access=True, bsl_interpretation=True, travel_costs_paid=True)
    assert activity.access_features == [
        "Step-free access",
        "British Sign Language (BSL) interpretation",
        "Travel costs paid",
    ]


def test_start_and_end_are_in_uk_time():
    activity = build(
        start_date=dt.date(2020, 7, 23), start_time=dt.time(18), end_time=dt.time(19, 30)
    )
    assert activity.starts_at.isoformat() == "2020-07-23T18:00:00+01:00"
    assert activity.ends_at.isoformat() == "2020-07-23T19:30:00+01:00"


@pytest.mark.parametrize("field", ["start_date", "end_date"])
@pytest.mark.parametrize("value", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_dates_far_outside_a_sensible_range_are_refused(field, value):
    activity = build(**{"start_date": dt.date(2020, 1, 1), field: value})
    assert errors_of(activity)[field] == ["Check the year: dates must be between 1900 and 2100."]


def test_database_refuses_a_date_out_of_range():
    activity = ActivityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(end_date=dt.date(9999, 12, 31))


def test_several_days_with_a_start_time_need_an_end_time():
    activity = build(
        start_date=dt.date(2020, 7, 6), end_date=dt.date(2020, 7, 8), start_time=dt.time(9)
    )
    assert "add the time it ends on the last day" in errors_of(activity)["end_time"][0]
