"""A visitor finds a group and reads a member's story, by mouse and by keyboard alone."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_home_to_directory_to_group_to_story_by_mouse(page: Page, demo_site):
    page.goto(demo_site.url)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    page.get_by_role("link", name="Find a group").click()
    expect(page).to_have_title(re.compile(r"^Groups – "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Groups")

    page.get_by_role("main").get_by_role("link", name="Parent Power").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parent Power")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Groups")
    image = page.locator("img.page-image")
    expect(image).to_have_attribute("alt", re.compile(r"\w+"))
    # Wait for the picture to load, and fail if it is broken (naturalWidth stays 0).
    page.wait_for_function(
        "() => { const img = document.querySelector('img.page-image');"
        " return img.complete && img.naturalWidth > 0; }"
    )

    page.get_by_role("link", name="Studying together for the theory test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Studying together for the theory test"
    )
    expect(page.locator(".byline")).to_have_text("A story from a member of Parent Power")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Parent Power"
    ).click()
    expect(page).to_have_url(re.compile(r"/groups/parent-power/$"))


def test_filtering_the_directory_by_mouse(page: Page, demo_site):
    page.goto(f"{demo_site.url}/groups/")
    page.get_by_text("Filter groups").click()  # the filters are folded away until asked for
    page.get_by_label("Topic").select_option(label="Families")
    page.get_by_role("button", name="Show groups").click()
    expect(page.get_by_role("heading", name="1 group")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Parent Power")).to_be_visible()
    page.get_by_role("link", name=re.compile("Remove filter Topic")).click()
    expect(page.get_by_role("heading", name="4 groups")).to_be_visible()


def focused(page: Page) -> dict:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, text: document.activeElement.innerText,"
        " id: document.activeElement.id, name: document.activeElement.name})"
    )


def tab_to(page: Page, text: str, limit: int = 40, key: str = "Tab") -> None:
    """Press Tab (or ``key``, such as Shift+Tab) until the focused element's text is ``text``."""
    for _ in range(limit):
        page.keyboard.press(key)
        if " ".join(focused(page)["text"].split()) == text:
            return
    raise AssertionError(f"Could not reach {text!r} with the Tab key")


def test_the_same_journey_by_keyboard_alone(page: Page, demo_site):
    page.goto(demo_site.url)

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"

    tab_to(page, "Find a group")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Groups")

    # Filter by keyboard: open the filters, focus the topic list, choose an option, submit.
    tab_to(page, "Filter groups")
    page.keyboard.press("Enter")
    for _ in range(30):
        page.keyboard.press("Tab")
        if focused(page)["name"] == "topic":
            break
    page.keyboard.press("ArrowDown")  # "Benefits"... the first topic after "All topics"
    page.keyboard.type("Families")
    tab_to(page, "Show groups")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 group")).to_be_visible()

    tab_to(page, "Parent Power")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Parent Power")

    tab_to(page, "Studying together for the theory test")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Studying together for the theory test"
    )


def test_keyboard_focus_is_visible_with_dark_text_on_yellow(page: Page, demo_site):
    page.goto(f"{demo_site.url}/groups/")
    page.keyboard.press("Tab")  # the skip link
    seen = []
    for _ in range(8):  # the site name, then every main navigation link, then a breadcrumb
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.innerText, s.backgroundColor, s.color]; }"
        )
        seen.append(style[0])
        assert style[1:] == ["rgb(255, 221, 0)", "rgb(11, 12, 12)"], style
    assert {"Groups", "What's on", "Topics"} <= set(seen)


def test_activity_filters_by_keyboard_alone(page: Page, demo_site):
    page.goto(f"{demo_site.url}/activities/")
    tab_to(page, "Filter activities")
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["name"] == "kind":
            break
    else:
        raise AssertionError("The kind filter could not be reached with the Tab key")
    page.keyboard.type("Committee")
    tab_to(page, "Show activities")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="1 activity")).to_be_visible()
    expect(page.get_by_text("Kind: Committee or scrutiny hearing")).to_be_visible()

    tab_to(page, "Speaking to the Housing Scrutiny Committee")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Speaking to the Housing Scrutiny Committee"
    )
    page.go_back()  # the browser puts focus back on the activity's link

    tab_to(page, "Remove filter Kind: Committee or scrutiny hearing", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="22 activities")).to_be_visible()


def test_add_an_upcoming_activity_to_a_calendar(page: Page, demo_site):
    page.goto(f"{demo_site.url}/whats-on/")
    page.get_by_role("link", name="Oxford Influence Group monthly meeting").click()
    link = page.get_by_role("link", name=re.compile("Add to my calendar"))
    response = page.request.get(demo_site.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Oxford Influence Group monthly meeting" in response.text()
