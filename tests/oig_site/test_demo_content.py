"""``manage.py load_demo_content``: loads the first groups, and loading again changes nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from activities.demo import past_activities, upcoming_activities
from activities.models import Activity
from groups.models import CommunityGroup, MemberStory, Organisation, Partnership
from newsletters.models import Issue
from oig_site.core.holidays import is_working_day
from tests.factories import CommunityGroupFactory

pytestmark = pytest.mark.django_db


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every row of the site's own apps, with all its field values."""
    rows = {}
    for app in ("groups", "activities", "newsletters", "asks"):
        for model in apps.get_app_config(app).get_models():
            for obj in model.objects.all():
                values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
                rows[(model._meta.label, obj.pk)] = values
    for group in CommunityGroup.objects.all():
        rows[("topics", group.pk)] = sorted(group.topics.values_list("pk", flat=True))
    for activity in Activity.objects.all():
        rows[("activity groups", activity.pk)] = sorted(
            activity.groups.values_list("pk", flat=True)
        )
        rows[("activity topics", activity.pk)] = sorted(
            activity.topics.values_list("pk", flat=True)
        )
    return rows


def test_loads_the_first_groups_published(client):
    load()
    assert sorted(CommunityGroup.objects.published().values_list("name", flat=True)) == [
        "Dudley Stronger Communities",
        "Oxford Influence Group",
        "Parent Power",
        "Team-Up Co-production Board",
    ]
    assert client.get("/groups/parent-power/").status_code == 200


def test_demo_groups_have_partners_aims_topics_stories_and_images(settings):
    load()
    oig = CommunityGroup.objects.get(slug="oxford-influence-group")
    assert Partnership.objects.filter(
        group=oig, organisation__name="Citizens Advice Oxford", role="host"
    ).exists()
    assert Partnership.objects.filter(
        group__slug="parent-power", organisation__name="Lankelly Chase", role="funder"
    ).exists()
    assert oig.aims.count() >= 3
    assert set(oig.topics.values_list("slug", flat=True)) >= {"housing", "benefits"}
    assert MemberStory.objects.published().filter(group=oig).count() >= 1
    assert (settings.MEDIA_ROOT / oig.image.name).is_file()
    assert oig.image_width and oig.image_alt


def test_demo_stories_are_anonymous():
    load()
    assert set(MemberStory.objects.values_list("naming", flat=True)) == {"anonymous"}


def test_running_twice_changes_nothing_the_second_time(settings):
    load()
    before = snapshot()
    files_before = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    loaded = {label for label, _ in before}
    assert {"groups.CommunityGroup", "activities.Activity", "newsletters.Issue"} <= loaded
    assert files_before  # the demo pictures
    load()
    assert snapshot() == before
    assert sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files_before


def test_flush_reloads_the_demo_content_and_keeps_other_groups():
    CommunityGroupFactory(name="A Coordinator's Own Group")
    load()
    CommunityGroup.objects.filter(slug="parent-power").update(name="Renamed by hand")
    load("--flush")
    assert CommunityGroup.objects.get(slug="parent-power").name == "Parent Power"
    assert CommunityGroup.objects.filter(name="A Coordinator's Own Group").exists()
    assert CommunityGroup.objects.count() == 5
    assert Organisation.objects.filter(name="Oxford Hub").count() == 1


def test_if_empty_leaves_a_site_with_content_alone():
    CommunityGroupFactory(name="Existing")
    assert "already has content" in load("--if-empty")
    assert CommunityGroup.objects.count() == 1


def test_demo_activities_include_the_dated_facts():
    load()
    meeting = Activity.objects.get(slug="tenants-without-a-voice-online-meeting")
    assert (meeting.start_date, meeting.participants, meeting.mode) == (
        dt.date(2020, 7, 23),
        10,
        "online",
    )
    week = Activity.objects.get(slug="co-production-week-2020")
    assert (week.start_date, week.end_date) == (dt.date(2020, 7, 6), dt.date(2020, 7, 10))
    assert set(week.groups.values_list("slug", flat=True)) == {
        "team-up-co-production-board",
        "oxford-influence-group",
    }
    assert Activity.objects.get(slug="bbc-radio-oxford-make-a-difference").start_date == (
        dt.date(2020, 8, 16)
    )
    focus_group = Activity.objects.get(slug="inspiring-democracy-focus-group")
    assert focus_group.start_date == dt.date(2012, 3, 7)
    assert focus_group.where == "Venue not recorded"  # long past: nothing left to confirm


def test_whats_on_is_never_empty_after_loading(client):
    load()
    assert Activity.objects.published().upcoming().count() >= 3
    assert len(client.get("/whats-on/").context["page_obj"].object_list) >= 3


@pytest.mark.parametrize("year", range(2025, 2036))
def test_demo_events_never_fall_on_a_bank_holiday_or_a_weekend(year):
    """Whatever day the demo is loaded on (every day of a year, for several years)."""
    for offset in range(366):
        today = dt.date(year, 1, 1) + dt.timedelta(days=offset)
        days = [event["start_date"] for event in upcoming_activities(today)]
        assert all(is_working_day(day) for day in days), today
        assert all(today < day <= today + dt.timedelta(days=40) for day in days), today


def test_whats_on_shows_no_demo_event_on_christmas_day(client, monkeypatch):
    """Loaded five days before the next Christmas, when the first event would have fallen
    on it."""
    now = timezone.localdate()
    christmas = dt.date(now.year, 12, 25)
    if christmas - dt.timedelta(days=5) <= now:
        christmas = christmas.replace(year=now.year + 1)
    loaded_on = christmas - dt.timedelta(days=5)
    monkeypatch.setattr("activities.demo.timezone.localdate", lambda: loaded_on)
    load()
    body = client.get("/whats-on/").content.decode()
    assert "Parent Power coffee morning" in body
    assert f'datetime="{christmas.isoformat()}' not in body
    assert f'datetime="{christmas.isoformat().replace("-12-25", "-12-26")}' not in body


def test_every_demo_activity_is_valid():
    load()
    activities = Activity.objects.all()
    assert activities.count() == len(past_activities() + upcoming_activities(timezone.localdate()))
    assert activities.count() >= 20
    for activity in activities:
        activity.full_clean()


def test_demo_newsletter_has_the_autumn_2020_issue_in_full():
    load()
    autumn = Issue.objects.published().get(newsletter__slug="working-together", slug="autumn-2020")
    headings = list(autumn.sections.values_list("heading", flat=True))
    assert len(headings) == 7
    assert headings[0] == "Reflections on Co-production Week 2020"
    assert headings[-1] == "Get involved!"
    assert "Gemma Humphrey" in autumn.editors and "Nick Lewis" in autumn.editors
    assert "Jason Felstead" in autumn.design_credit
    assert set(autumn.glossary.values_list("term", flat=True)) == {"OCC", "SCIE"}
    assert autumn.answered_questions.count() == 1
    assert Issue.objects.published().count() == 3
