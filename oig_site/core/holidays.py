"""Bank holidays in England and Wales, worked out from the rules (so no list to keep up to
date), and the working days between them. The demo content uses them so that its upcoming
events, dated from today, never fall on a bank holiday or at a weekend.

The rules: New Year's Day, Good Friday, Easter Monday, the first and last Mondays of May, the
last Monday of August, Christmas Day and Boxing Day; a holiday that falls at a weekend is
moved to the next weekday that is not already a holiday. One-off changes by royal
proclamation (jubilees, a coronation, a state funeral) are listed in ``CHANGES`` as they were
announced; none is known yet for the years to come.
"""

import datetime as dt
from functools import cache

MONDAY, FRIDAY, SATURDAY = 0, 4, 5

#: One-off changes: for a year, the usual dates that were moved (old -> new, or old -> None
#: when dropped) and the extra days added.
CHANGES: dict[int, dict] = {
    1995: {"moved": {dt.date(1995, 5, 1): dt.date(1995, 5, 8)}},
    1999: {"added": [dt.date(1999, 12, 31)]},
    2002: {
        "moved": {dt.date(2002, 5, 27): dt.date(2002, 6, 4)},
        "added": [dt.date(2002, 6, 3)],
    },
    2011: {"added": [dt.date(2011, 4, 29)]},
    2012: {
        "moved": {dt.date(2012, 5, 28): dt.date(2012, 6, 4)},
        "added": [dt.date(2012, 6, 5)],
    },
    2020: {"moved": {dt.date(2020, 5, 4): dt.date(2020, 5, 8)}},
    2022: {
        "moved": {dt.date(2022, 5, 30): dt.date(2022, 6, 2)},
        "added": [dt.date(2022, 6, 3), dt.date(2022, 9, 19)],
    },
    2023: {"added": [dt.date(2023, 5, 8)]},
}


def easter_sunday(year: int) -> dt.date:
    """Easter Day in the Gregorian calendar (the anonymous algorithm, also known as Meeus,
    Jones and Butcher's)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - MONDAY) % 7)


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """The bank holidays in England and Wales in ``year``."""
    easter = easter_sunday(year)
    fixed = [
        easter - dt.timedelta(days=2),
        easter + dt.timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    ]
    change = CHANGES.get(year, {})
    days = {change.get("moved", {}).get(day, day) for day in fixed}
    days.update(change.get("added", []))
    # New Year's Day, Christmas Day and Boxing Day move off a weekend, each to the next
    # weekday not already taken.
    for day in (dt.date(year, 1, 1), dt.date(year, 12, 25), dt.date(year, 12, 26)):
        while day.weekday() >= SATURDAY or day in days:
            day += dt.timedelta(days=1)
        days.add(day)
    days.discard(None)
    return frozenset(days)


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday."""
    return day.weekday() <= FRIDAY and day not in bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` if it is a working day, or else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
