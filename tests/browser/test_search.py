"""A visitor on a phone searches the site from the header box: results, then no results."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_wcag_violations

pytestmark = pytest.mark.browser
PHONE = 375


def assert_accessible_and_fits(page: Page) -> None:
    assert_no_wcag_violations(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE, f"the page scrolls sideways ({scroll_width}px wide)"


def test_searching_from_the_header_on_a_phone(page: Page, demo_site):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(f"{demo_site.url}/groups/")
    header_search = page.get_by_role("search", name="Site search")
    header_search.get_by_role("searchbox", name="Search this site").fill("housing")
    header_search.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", level=1)).to_have_text('Search results for "housing"')
    results = page.locator(".search-results > li")
    expect(results.first).to_be_visible()
    expect(page.get_by_role("link", name="Everything", exact=False)).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible_and_fits(page)

    header_search = page.get_by_role("search", name="Site search")
    header_search.get_by_role("searchbox", name="Search this site").fill("wombatquokka")
    header_search.get_by_role("searchbox", name="Search this site").press("Enter")
    expect(page.get_by_role("heading", name='No results for "wombatquokka"')).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="all groups")).to_be_visible()
    assert_accessible_and_fits(page)
