"""Calendars (.ics), Atom feeds and the CSV download, parsed back as their readers would."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from activities.models import Activity
from tests.factories import ActivityFactory, CommunityGroupFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LONDON = ZoneInfo("Europe/London")


def events(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


# Calendars


def test_single_activity_calendar_file(client, upcoming_meeting):
    response = client.get(upcoming_meeting.get_calendar_url())
    [event] = events(response)
    start = dt.datetime.combine(upcoming_meeting.start_date, dt.time(14, 0), tzinfo=LONDON)
    assert event.decoded("dtstart") == start
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event.decoded("dtend") == start + dt.timedelta(hours=2)
    assert str(event["summary"]) == "Monthly meeting"
    assert str(event["url"]) == f"http://testserver{upcoming_meeting.get_absolute_url()}"
    assert str(event["location"]) == "Citizens Advice Oxford; Online (https://meet.example.org/oig)"
    description = str(event["description"])
    assert "Join online: https://meet.example.org/oig" in description
    assert "Access: Step-free access; Hearing loop; Tea and biscuits provided." in description
    assert (
        f"More information: http://testserver{upcoming_meeting.get_absolute_url()}" in description
    )
    assert 'filename="monthly-meeting.ics"' in response["Content-Disposition"]


def test_calendar_declares_the_uk_time_zone(client, upcoming_meeting):
    calendar = Calendar.from_ical(client.get(upcoming_meeting.get_calendar_url()).content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_uid_is_stable_when_the_activity_changes(client, upcoming_meeting):
    [before] = events(client.get(upcoming_meeting.get_calendar_url()))
    upcoming_meeting.title = "Monthly meeting (new room)"
    upcoming_meeting.save()
    Activity.objects.filter(pk=upcoming_meeting.pk).update(
        updated_at=upcoming_meeting.updated_at + dt.timedelta(seconds=5)
    )
    [after] = events(client.get(upcoming_meeting.get_calendar_url()))
    assert str(after["uid"]) == str(before["uid"])
    assert str(after["summary"]) == "Monthly meeting (new room)"
    assert int(after["sequence"]) > int(before["sequence"])


def test_all_day_activity_is_a_date_event_ending_the_next_day(client):
    activity = ActivityFactory(start_date=dt.date(2020, 7, 6), end_date=dt.date(2020, 7, 10))
    [event] = events(client.get(activity.get_calendar_url()))
    assert event.decoded("dtstart") == dt.date(2020, 7, 6)
    assert event.decoded("dtend") == dt.date(2020, 7, 11)


def test_several_days_with_a_start_time_but_no_end_time_runs_to_the_end_of_the_last_day(client):
    activity = ActivityFactory(start_date=dt.date(2020, 7, 6), end_date=dt.date(2020, 7, 8))
    Activity.objects.filter(pk=activity.pk).update(start_time=dt.time(9))  # as old data might be
    [event] = events(client.get(activity.get_calendar_url()))
    assert event.decoded("dtstart") == dt.datetime(2020, 7, 6, 9, tzinfo=LONDON)
    assert event.decoded("dtend") == dt.datetime(2020, 7, 9, 0, tzinfo=LONDON)


def test_calendar_copes_with_dates_at_the_edge_of_the_allowed_range(client):
    activity = ActivityFactory(start_date=dt.date(1900, 1, 1), end_date=dt.date(2100, 12, 31))
    [event] = events(client.get(activity.get_calendar_url()))
    assert event.decoded("dtend") == dt.date(2101, 1, 1)


def test_group_calendar_has_only_its_published_activities(
    client, oig, online_meeting, upcoming_meeting, radio
):
    ActivityFactory(title="Draft", status="draft", groups=[oig])
    ActivityFactory(title="Long ago", start_date=dt.date(2001, 1, 1), groups=[oig])
    ActivityFactory(title="Last month", groups=[oig])
    response = client.get(reverse("activities:group_calendar", args=[oig.slug]))
    assert sorted(str(e["summary"]) for e in events(response)) == ["Last month", "Monthly meeting"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Oxford Influence Group: activities"


def test_site_calendar_has_every_groups_activities(client, upcoming_meeting):
    other = ActivityFactory(
        title="Board meeting", start_date=timezone.localdate() + dt.timedelta(days=3)
    )
    response = client.get(reverse("activities:site_calendar"))
    uids = {str(e["uid"]) for e in events(response)}
    assert uids == {
        f"activity-{upcoming_meeting.pk}@co-production-groups",
        f"activity-{other.pk}@co-production-groups",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/activities/no-such-activity.ics",
        "/activities/monthly-meeting.ics.ics",
        "/activities/monthly meeting.ics",
        "/groups/no-such-group/calendar.ics",
    ],
)
def test_malformed_or_unknown_calendar_urls_are_404(client, upcoming_meeting, url):
    assert client.get(url).status_code == 404


def test_draft_activity_has_no_calendar_file(client):
    activity = ActivityFactory(status="draft")
    assert client.get(activity.get_calendar_url()).status_code == 404


# Atom feeds


def feed_entries(response) -> list[dict]:
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}author/{ATOM}name").text  # RFC 4287: a feed has an author
    return [
        {
            "id": entry.findtext(f"{ATOM}id"),
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_site_feed_lists_newly_logged_activities_first(client, hearing, radio):
    ActivityFactory(title="Draft", status="draft")
    hearing.publish_at = timezone.now() - dt.timedelta(minutes=5)
    hearing.save()
    radio.publish_at = timezone.now() - dt.timedelta(days=2)
    radio.save()
    response = client.get(reverse("activities:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = feed_entries(response)
    assert [e["title"] for e in entries] == ["Housing Scrutiny Committee", "Radio interview"]
    assert entries[0]["link"] == f"http://testserver{hearing.get_absolute_url()}"
    assert entries[0]["id"] == entries[0]["link"]  # an absolute IRI, as Atom requires
    assert entries[0]["summary"].startswith("5 November 2019 (Committee or scrutiny hearing, ")


def test_group_feed_has_only_that_group(client, oig, hearing, radio):
    response = client.get(reverse("activities:group_feed", args=[oig.slug]))
    assert [e["title"] for e in feed_entries(response)] == ["Housing Scrutiny Committee"]
    assert ET.fromstring(response.content).findtext(f"{ATOM}title") == (
        "Oxford Influence Group: activities"
    )


def test_feed_of_unknown_or_draft_group_is_404(client):
    draft = CommunityGroupFactory(status="draft")
    for slug in ["nope", draft.slug]:
        assert client.get(reverse("activities:group_feed", args=[slug])).status_code == 404


# CSV


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming  # written as it is read, never held whole
    body = response.getvalue()
    assert body.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_lists_the_groups_activities_that_happened(
    client, oig, hearing, online_meeting, upcoming_meeting, radio
):
    ActivityFactory(title="Draft", status="draft", groups=[oig])
    response = client.get(reverse("activities:group_csv", args=[oig.slug]))
    rows = csv_rows(response)
    assert [r["Title"] for r in rows] == [
        "Housing Scrutiny Committee",
        "Online meeting with tenants",
    ]
    assert rows[1] == {
        "Date": "2020-07-23",
        "Time": "18:00",
        "End date": "",
        "End time": "19:30",
        "Title": "Online meeting with tenants",
        "Kind": "Meeting with decision-makers",
        "Groups": "Oxford Influence Group",
        "Topics": "Housing",
        "Who was engaged": "Oxford Tenant Involvement Groups",
        "People taking part": "10",
        "What came of it": "",
        "How people took part": "Online",
        "Where": "Online",
        "Web page": f"http://testserver{online_meeting.get_absolute_url()}",
    }
    assert "attachment;" in response["Content-Disposition"]


def test_csv_for_a_chosen_period(client, oig, hearing, online_meeting):
    url = reverse("activities:group_csv", args=[oig.slug])
    response = client.get(url, {"start": "2020-01-01", "end": "2020-12-31"})
    assert [r["Title"] for r in csv_rows(response)] == ["Online meeting with tenants"]
    assert (
        "oxford-influence-group-activities-2020-01-01-to-2020-12-31.csv"
        in (response["Content-Disposition"])
    )


@pytest.mark.parametrize(
    "query",
    [{"start": "not-a-date"}, {"start": "2021-01-01", "end": "2020-01-01"}, {"end": "2020-13-45"}],
)
def test_csv_ignores_a_bad_period(client, oig, hearing, online_meeting, query):
    response = client.get(reverse("activities:group_csv", args=[oig.slug]), query)
    assert len(csv_rows(response)) == 2


def test_csv_cells_cannot_become_spreadsheet_formulas(client, oig):
    ActivityFactory(
        title='=HYPERLINK("http://evil.example")', groups=[oig], engaged_with="+44 call me"
    )
    [row] = csv_rows(client.get(reverse("activities:group_csv", args=[oig.slug])))
    assert row["Title"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Who was engaged"] == "'+44 call me"


def test_csv_of_unknown_group_is_404(client):
    assert client.get("/groups/nope/impact/activities.csv").status_code == 404


def test_there_are_as_many_rows_as_activities(client, oig, many_activities):
    many_activities(50, oig)
    rows = csv_rows(client.get(reverse("activities:group_csv", args=[oig.slug])))
    assert len(rows) == 50
    assert len({row["Web page"] for row in rows}) == 50
