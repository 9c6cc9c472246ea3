"""England and Wales bank holidays, worked out from the rules, checked against the dates GOV.UK
published (https://www.gov.uk/bank-holidays) and known Easter dates."""

import datetime as dt

import pytest

from oig_site.core.holidays import bank_holidays, easter_sunday, is_working_day, next_working_day


def dates(*texts: str) -> set[dt.date]:
    return {dt.date.fromisoformat(text) for text in texts}


PUBLISHED = {
    2020: dates(
        "2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31",
        "2020-12-25", "2020-12-28",
    ),
    2021: dates(
        "2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30",
        "2021-12-27", "2021-12-28",
    ),
    2022: dates(
        "2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03",
        "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27",
    ),
    2023: dates(
        "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
        "2023-08-28", "2023-12-25", "2023-12-26",
    ),
    2024: dates(
        "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
        "2024-12-25", "2024-12-26",
    ),
    2025: dates(
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
        "2025-12-25", "2025-12-26",
    ),
    2026: dates(
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
        "2026-12-25", "2026-12-28",
    ),
    2027: dates(
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
        "2027-12-27", "2027-12-28",
    ),
}  # fmt: skip


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
