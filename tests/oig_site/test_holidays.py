"""England and Wales bank holidays, worked out from the rules, checked against the dates GOV.UK
published (https://www.gov.uk/bank-holidays) and known Easter dates."""

import datetime as dt

import pytest

from oig_site.core.holidays import bank_holidays, easter_sunday, is_working_day, next_working_day

# Each year's bank holidays as GOV.UK published them (month-day).
PUBLISHED_TEXT = {
    2020: "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28",
    2021: "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
    2022: "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
    2023: "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
    2024: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
    2025: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
    2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
    2027: "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
}
PUBLISHED = {
    year: {dt.date.fromisoformat(f"{year}-{day}") for day in text.split()}
    for year, text in PUBLISHED_TEXT.items()
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_match_those_published(year):
    assert bank_holidays(year) == PUBLISHED[year]


@pytest.mark.parametrize(
    "easter",
    ["1943-04-25", "2000-04-23", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28",
     "2028-04-16", "2029-04-01", "2030-04-21", "2038-04-25", "2285-03-22"],
)  # fmt: skip
def test_easter_sunday(easter):
    day = dt.date.fromisoformat(easter)
    assert easter_sunday(day.year) == day


@pytest.mark.parametrize("year", range(2024, 2060))
def test_every_year_has_eight_holidays_on_weekdays(year):
    holidays = bank_holidays(year)
    assert len(holidays) == 8
    assert all(day.weekday() < 5 for day in holidays)


def test_a_christmas_on_saturday_moves_both_days_to_monday_and_tuesday():
    assert {dt.date(2032, 12, 27), dt.date(2032, 12, 28)} <= bank_holidays(2032)
    assert dt.date(2032, 12, 25) not in bank_holidays(2032)


def test_new_year_on_saturday_moves_to_monday():
    assert dt.date(2028, 1, 3) in bank_holidays(2028)


def test_working_days():
    assert not is_working_day(dt.date(2026, 12, 25))  # Christmas, a Friday
    assert not is_working_day(dt.date(2026, 12, 26))  # Saturday
    assert is_working_day(dt.date(2026, 12, 29))
    assert next_working_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 24)
    assert next_working_day(dt.date(2026, 12, 25)) == dt.date(2026, 12, 29)
    assert next_working_day(dt.date(2027, 3, 26)) == dt.date(2027, 3, 30)  # over Easter
