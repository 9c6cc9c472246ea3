"""Every demo page with an easy-read version links to it from the top, and the easy-read page
works for everyone: no axe-core violations for WCAG 2.2 A and AA, at phone and desktop widths,
with every picture described, and no sideways scrolling."""

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_no_wcag_violations

pytestmark = pytest.mark.browser


# The demo pages that have an easy-read version.
PAGES = {
    "Oxford Influence Group": "/groups/oxford-influence-group/",
    "Parent Power": "/groups/parent-power/",
    "Team-Up Co-production Board": "/groups/team-up-co-production-board/",
    "activity": "/activities/tenants-without-a-voice-online-meeting/",
    "newsletter issue": "/newsletters/working-together/autumn-2020/",
    "about co-production": "/about-co-production/",
}


def assert_accessible(page: Page, width: int) -> None:
    assert_no_wcag_violations(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways ({scroll_width}px wide)"


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_easy_read_link_works_and_its_page_has_no_violations(
    page: Page, demo_site, path, width
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{demo_site.url}{path}")
    page.locator("main").get_by_role("link", name="Easy read", exact=True).click()
    page.wait_for_url(f"{demo_site.url}{path}easy-read/")
    assert page.locator("h1").count() == 1
    assert page.locator(".easy-read-line").count() >= 5
    for image in page.locator(".easy-read-line img").all():
        assert image.get_attribute("alt"), "every demo picture is described"
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page, width)
    # The way back to the full page.
    page.get_by_role("link", name="Go to the full page").first.click()
    page.wait_for_url(f"{demo_site.url}{path}")


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_easy_read_index_has_no_violations(page: Page, demo_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{demo_site.url}/easy-read/")
    assert page.locator("main a[href$='/easy-read/']").count() == len(PAGES)
    assert_accessible(page, width)


def test_an_easy_read_page_prints_without_the_sites_navigation(page: Page, demo_site):
    page.goto(f"{demo_site.url}/groups/parent-power/easy-read/")
    page.emulate_media(media="print")
    assert not page.locator(".main-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.locator(".easy-read-line img").first.is_visible()
