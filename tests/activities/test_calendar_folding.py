"""The calendar file is written with the same bytes icalendar writes (``Calendar.to_ical()``),
long lines folded the same way, however the text falls across the 75-byte limit."""

import datetime as dt

import pytest
from icalendar import Calendar, Event

from activities.calendars import FOLD_AT, calendar_file


def calendar_with(*descriptions: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Test//EN")
    calendar.add("version", "2.0")
    for number, description in enumerate(descriptions):
        event = Event()
        event.add("uid", f"event-{number}@test")
        event.add("summary", f"Event {number}")
        event.add("dtstart", dt.date(2026, 1, 1))
        event.add("description", description)
        calendar.add_component(event)
    return calendar


# "DESCRIPTION:" is 12 characters: padding of 62 puts the next character at byte 75.
EDGE = 74 - len("DESCRIPTION:")


@pytest.mark.parametrize(
    "description",
    [
        "short",
        "x" * (EDGE - 1),
        "x" * EDGE,
        "x" * (EDGE + 1),
        "word " * 100,
        "x" * (EDGE - 1) + ",",  # escaped: "\," across the limit
        "x" * (EDGE - 2) + ";" + "y" * 200,
        ("a;b,c\\d\n" * 40),
        "x" * (EDGE - 1) + "é" * 90,  # two bytes each: never split
        "Café – 💬 " * 30,
        "^" * 200,
    ],
)
def test_the_file_is_what_icalendar_writes(description):
    calendar = calendar_with(description)
    assert calendar_file(calendar) == calendar.to_ical()


def test_every_line_of_a_long_description_is_within_the_limit():
    written = calendar_file(calendar_with("x\\y;z," * 200))
    lines = written.split(b"\r\n")
    assert max(len(line) for line in lines) <= FOLD_AT
    assert sum(line.startswith(b" ") for line in lines) > 10
