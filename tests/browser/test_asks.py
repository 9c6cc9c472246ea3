"""A visitor follows a group's asks to one ask's timeline, by keyboard alone."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_journeys import focused, tab_to

pytestmark = pytest.mark.browser


def test_from_a_group_to_an_asks_timeline_by_keyboard_alone(page: Page, demo_site):
    page.goto(f"{demo_site.url}/groups/oxford-influence-group/")
    tab_to(page, "What we've asked for, and what happened", limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What Oxford Influence Group has asked for"
    )

    # Filter by status with the keyboard: open the filters, focus the status list, choose
    # "Done", submit.
    tab_to(page, "Filter asks")
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["name"] == "status":
            break
    else:
        raise AssertionError("The status filter could not be reached with the Tab key")
    page.keyboard.type("Done")
    tab_to(page, "Show asks")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 ask")).to_be_visible()

    tab_to(page, "A calmer reception area that is easier to find your way around")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A calmer reception area that is easier to find your way around"
    )
    timeline = page.get_by_role("list").filter(has_text="Staff asked us to help redesign it.")
    expect(timeline.get_by_role("listitem")).to_have_count(3)
    expect(timeline.get_by_role("listitem").last).to_contain_text("Done")


def test_an_unanswered_ask_says_how_long_it_has_waited(page: Page, demo_site):
    page.goto(f"{demo_site.url}/asks/housing-associations-work-with-their-tenants/")
    expect(page.locator(".lead")).to_contain_text("No response")
    expect(page.locator(".lead")).to_contain_text("No response: nothing in the")
    expect(page.locator(".lead")).to_contain_text("days since it was raised")
    evidence = page.get_by_role("link", name="Online meeting with tenants who have no say")
    expect(evidence).to_be_visible()
