"""On a 375 px phone, what a visitor came for is near the top: a group's details and contact in
the first two screens, a list's results before its filters (folded behind "Filter", which
works without JavaScript and says how many filters are in use)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_wcag_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 750}


def top(page: Page, locator):
    """How far down the page an element starts, in CSS pixels."""
    return locator.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


@pytest.mark.parametrize(
    "slug", ["oxford-influence-group", "team-up-co-production-board", "parent-power"]
)
def test_a_groups_details_and_contact_come_within_two_screens(page: Page, demo_site, slug):
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site.url}/groups/{slug}/")
    contact = page.get_by_role("heading", name="Contact", exact=True)
    about = page.get_by_role("heading", name="About the group", exact=True)
    subscribe = page.get_by_role("heading", name="Get new issues by e-mail")
    assert top(page, contact) < 2 * PHONE["height"]
    assert top(page, about) < top(page, contact)
    # The next activity is named before the contact details, the full list after them.
    next_activity = page.locator(".next-activity")
    expect(next_activity).to_contain_text("Next:")
    assert top(page, next_activity) < top(page, contact)
    assert top(page, contact) < top(page, page.get_by_role("heading", name="What's on", exact=True))
    assert top(page, contact) < top(page, page.get_by_role("heading", name="Members' stories"))
    if slug != "parent-power":  # the one group of the three without a newsletter
        assert top(page, page.get_by_role("heading", name="Members' stories")) < top(
            page, subscribe
        )


def test_a_groups_details_sit_beside_its_story_on_a_wide_screen(page: Page, demo_site):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{demo_site.url}/groups/oxford-influence-group/")
    details = page.get_by_role("heading", name="Details", exact=True)
    about = page.get_by_role("heading", name="About the group", exact=True)
    assert details.bounding_box()["x"] > about.bounding_box()["x"] + 500
    assert top(page, details) < top(page, about) + 100  # both in the first screen, side by side


@pytest.mark.parametrize(
    ("path", "noun"),
    [
        ("/activities/", "activities"),
        ("/groups/", "groups"),
        ("/groups/oxford-influence-group/asks/", "asks"),
        ("/newsletters/", "issues"),
    ],
)
def test_list_filters_are_folded_away_and_results_come_first(page: Page, demo_site, path, noun):
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site.url}{path}")
    disclosure = page.locator("summary", has_text=f"Filter {noun}")
    form = page.get_by_role("search", name=f"Filter {noun}")
    expect(disclosure).to_be_visible()
    expect(form).to_be_hidden()
    first_select = page.locator("main select").first
    expect(first_select).to_be_hidden()
    if noun != "issues":  # the archive lists its newsletters and a search box first
        results = page.locator(".results-count")
        assert top(page, results) < PHONE["height"]

    disclosure.click()
    expect(form).to_be_visible()
    assert_no_wcag_violations(page)


def test_the_filter_disclosure_opens_from_the_keyboard_and_counts_filters(page: Page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site.url}/activities/?kind=meeting&topic=housing")
    disclosure = page.locator("summary", has_text="Filter activities")
    expect(disclosure).to_have_text("Filter activities (2 filters in use)")
    # The filters in use are listed beside it, each with a way to remove it.
    expect(page.locator(".active-filters")).to_contain_text("Kind: Meeting with decision-makers")
    disclosure.focus()
    page.keyboard.press("Enter")
    kind = page.get_by_label("Kind")
    expect(kind).to_be_visible()
    expect(kind).to_have_value("meeting")
    kind.select_option("")
    page.get_by_role("button", name="Show activities").click()
    expect(page.locator("summary", has_text="Filter activities")).to_have_text(
        "Filter activities (1 filter in use)"
    )


def test_the_impact_charts_words_stay_readable_on_a_phone(page: Page, demo_site):
    """The chart is drawn 600 units wide and shrinks to fit a phone; its years and figures must
    not shrink with it below a readable size."""
    page.set_viewport_size(PHONE)
    page.goto(f"{demo_site.url}/groups/oxford-influence-group/impact/")
    heights = page.eval_on_selector_all(
        ".chart text", "els => els.map(el => el.getBoundingClientRect().height)"
    )
    assert heights
    assert min(heights) >= 13, heights
