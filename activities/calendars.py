"""iCalendar (.ics) files for activities, made with the icalendar library."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event
from icalendar.parser import Contentline

from activities.models import Activity
from oig_site.core.text import one_line, plain_text

SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
# A content line of this many bytes or more is folded onto the next (RFC 5545, 3.1).
FOLD_AT = 75

# A calendar to subscribe to holds a window of activities, so that it stays small and quick
# however many there are: what is running or coming in the next year, soonest first, then what
# happened in the last 90 days, newest first, up to CALENDAR_MAX_EVENTS in all. The pages that
# link to a calendar say so (templates/includes/_subscribe_links.html).
CALENDAR_PAST_DAYS = 90
CALENDAR_FUTURE_DAYS = 365
CALENDAR_MAX_EVENTS = 50


# For the pages that link to a calendar, to say what it holds.
CALENDAR_WINDOW = {
    "past_days": CALENDAR_PAST_DAYS,
    "future_days": CALENDAR_FUTURE_DAYS,
    "max_events": CALENDAR_MAX_EVENTS,
}


def calendar_activities(queryset, *, today: dt.date | None = None) -> list[Activity]:
    """The activities of ``queryset`` (published ones) that a subscribed calendar holds: two
    reads of at most CALENDAR_MAX_EVENTS rows each, along the start date's index."""
    today = today or timezone.localdate()
    # The end of the window is applied to the rows read (soonest first, so those past it come
    # last): as a condition it would make PostgreSQL expect a handful of rows and walk a year of
    # every group's activities for one group's calendar.
    last_day = today + dt.timedelta(days=CALENDAR_FUTURE_DAYS)
    coming = [
        activity
        for activity in queryset.upcoming(today)[:CALENDAR_MAX_EVENTS]
        if activity.start_date <= last_day
    ]
    room = CALENDAR_MAX_EVENTS - len(coming)
    recent = queryset.past(today).filter(
        start_date__gte=today - dt.timedelta(days=CALENDAR_PAST_DAYS)
    )
    # Always read (at least one row), so the calendar makes the same queries however full.
    return coming + list(recent[: max(room, 1)])[:room]


def activity_uid(activity: Activity) -> str:
    """Stable for the life of the activity, so calendar apps update rather than duplicate."""
    return f"activity-{activity.pk}@{slugify(settings.SITE_NAME) or 'site'}"


def activity_description(activity: Activity, page_url: str) -> str:
    lines = [activity.summary]
    if activity.where:
        lines.append(f"Where: {activity.where}")
    if activity.is_online and activity.online_url:
        lines.append(f"Join online: {activity.online_url}")
    access = activity.access_features + ([activity.access_notes] if activity.access_notes else [])
    if access:
        lines.append("Access: " + "; ".join(access))
    lines.append(f"More information: {page_url}")
    # Line breaks become iCalendar's \n; other control characters cannot be in the file.
    return plain_text("\n\n".join(lines))


def activity_event(activity: Activity, *, build_absolute_uri) -> Event:
    page_url = build_absolute_uri(activity.get_absolute_url())
    event = Event()
    event.add("uid", activity_uid(activity))
    event.add("summary", plain_text(activity.title))
    event.add("dtstamp", activity.updated_at)
    event.add("last-modified", activity.updated_at)
    event.add("sequence", int((activity.updated_at - SEQUENCE_EPOCH).total_seconds()))
    if activity.starts_at:
        event.add("dtstart", activity.starts_at)
        if activity.ends_at and activity.ends_at > activity.starts_at:
            event.add("dtend", activity.ends_at)
        elif activity.end_date and activity.end_date > activity.start_date:
            # Several days, no end time: it runs to the end of the last day.
            event.add(
                "dtend",
                timezone.make_aware(
                    dt.datetime.combine(activity.end_date + dt.timedelta(days=1), dt.time())
                ),
            )
    else:
        # A whole-day event: the end date in iCalendar is the day after the last day.
        event.add("dtstart", activity.start_date)
        event.add("dtend", (activity.end_date or activity.start_date) + dt.timedelta(days=1))
    location = activity.where
    if activity.is_online and activity.online_url:
        location = f"{location} ({activity.online_url})" if location else activity.online_url
    if location:
        event.add("location", plain_text(location))
    event.add("url", page_url)
    event.add("description", activity_description(activity, page_url))
    event.add("categories", [plain_text(activity.get_kind_display())])
    return event


def build_calendar(*, activities: Iterable[Activity], name: str, build_absolute_uri) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Activities//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    dates = []
    for activity in activities:
        calendar.add_component(activity_event(activity, build_absolute_uri=build_absolute_uri))
        dates += [activity.start_date, activity.end_date or activity.start_date]
    if dates:
        # Time zone rules only for the years the calendar covers, to keep the file small.
        calendar.add_missing_timezones(
            first_date=max(min(dates), dt.date(1901, 1, 1)) - dt.timedelta(days=366),
            last_date=min(max(dates), dt.date(9997, 1, 1)) + dt.timedelta(days=366),
        )
    return calendar_file(calendar)


def calendar_file(calendar: Calendar) -> bytes:
    """The same bytes as ``calendar.to_ical()`` in less than half the time: icalendar folds
    every line a character at a time, and the lines of a calendar are mostly short, or plain
    ASCII, which can be folded by slicing."""
    return b"".join(fold(line) + b"\r\n" for line in calendar.content_lines() if line)


def fold(line: Contentline) -> bytes:
    """A content line folded as icalendar folds it (RFC 5545, 3.1): pieces of at most
    ``FOLD_AT - 1`` bytes, each after the first on a line of its own that starts with a space,
    never leaving an escaping backslash or caret at the end of a piece."""
    encoded = line.encode("utf-8")
    if len(encoded) < FOLD_AT:
        return encoded
    if not line.isascii():
        return line.to_ical()  # icalendar's own: it never splits a character's bytes
    pieces, start, width = [], 0, FOLD_AT - 1
    while len(line) - start > width:
        end = start + width
        if line[end - 1] in "\\^":
            end -= 1
        pieces.append(encoded[start:end])
        start = end
    pieces.append(encoded[start:])
    return b"\r\n ".join(pieces)
