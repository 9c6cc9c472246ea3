"""The site's look in a real browser: the home page's first screen says who runs the site, what
co-production is and where to go next, on a phone and a laptop; a group without a banner
picture shows its pattern, with no accessibility problems."""

import pytest
from playwright.sync_api import Page, expect

from groups.models import CommunityGroup
from tests.browser.axe import assert_no_wcag_violations

pytestmark = pytest.mark.browser


def in_first_screen(page: Page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize(("width", "height"), [(375, 667), (1280, 800)], ids=["phone", "laptop"])
def test_the_home_pages_first_screen_says_what_the_site_is_and_what_to_do(
    page: Page, demo_site, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(demo_site.url)
    hero = page.locator(".hero")
    for part in (
        hero.get_by_role("heading", level=1),
        hero.get_by_text("Co-production means the people who use a public service"),
        hero.get_by_text("This site is run by the groups themselves"),
        hero.get_by_role("link", name="Find a group"),
        hero.get_by_role("link", name="What's on"),
        hero.get_by_role("link", name="Get involved"),
    ):
        expect(part).to_be_visible()
        assert in_first_screen(page, part), f"below the first screen at {width}px: {part}"


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_a_group_without_a_banner_shows_its_pattern_accessibly(page: Page, demo_site, width):
    CommunityGroup.objects.filter(slug="parent-power").update(image="", image_alt="")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{demo_site.url}/groups/parent-power/")
    pattern = page.locator(".group-header .group-banner img.group-pattern")
    expect(pattern).to_be_visible()
    assert pattern.evaluate("img => img.complete && img.naturalWidth > 0")
    title = page.locator(".group-title")
    assert title.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(0, 100, 107)"
    assert title.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 255)"
    assert_no_wcag_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
