"""Calendar files stay valid whatever a coordinator types: newlines, carriage returns and other
control characters in any text field are carried (or dropped) without breaking the file, and
the feeds and the CSV never fail on them."""

import csv
import io

import pytest
from icalendar import Calendar

from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

ODD = "Line one\nLine two\r\nLine three\rend; a, b \\ c\x0b\x0c\x1b\x7f\u2028\u2029\x85 \u202eRTL"
# What an iCalendar text value carries of it: each line break (of any kind) as a newline, no
# other control characters, everything else as typed.
CARRIED = "Line one\nLine two\nLine three\nend; a, b \\ c\n\n\n\n\n \u202eRTL"


@pytest.fixture
def odd_activity(oig, housing_topic):
    return ActivityFactory(
        title=f"Title {ODD}",
        slug="odd-text",
        summary=f"Summary {ODD}",
        venue=f"Venue {ODD}",
        mode="both",
        online_url="https://meet.example.org/odd",
        access_notes=f"Notes {ODD}",
        groups=[oig],
        topics=[housing_topic],
        engaged_with=f"Body {ODD}",
        outcome=f"Outcome {ODD}",
    )


def calendars(client, activity):
    group = activity.groups.get()
    for url in (
        activity.get_calendar_url(),
        "/activities/calendar.ics",
        f"/groups/{group.slug}/calendar.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content


def test_every_calendar_with_odd_characters_parses_back(client, odd_activity):
    for url, content in calendars(client, odd_activity):
        # Every line is folded and ends in CRLF; no bare CR or LF, no other controls.
        for line in content.split(b"\r\n"):
            assert b"\r" not in line and b"\n" not in line, (url, line)
            assert not any(byte < 0x20 and byte != 0x09 for byte in line), (url, line)
        events = Calendar.from_ical(content).walk("VEVENT")
        (event,) = [e for e in events if str(e["uid"]).startswith(f"activity-{odd_activity.pk}@")]
        assert str(event["summary"]) == f"Title {CARRIED}", url
        assert str(event["location"]).startswith(f"Venue {CARRIED}"), url
        description = str(event["description"])
        assert f"Summary {CARRIED}" in description, url
        assert f"Notes {CARRIED}" in description, url


def test_feeds_and_csv_with_odd_characters_do_not_fail(client, odd_activity):
    group = odd_activity.groups.get()
    for url in ("/activities/feed/", f"/groups/{group.slug}/activities/feed/"):
        assert client.get(url).status_code == 200, url
    response = client.get(f"/groups/{group.slug}/impact/activities.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert any("Title" in cell for row in rows for cell in row)
    for url in (odd_activity.get_absolute_url(), f"/groups/{group.slug}/", "/whats-on/"):
        assert client.get(url).status_code == 200, url
