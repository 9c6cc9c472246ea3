"""Every public page type: zero axe-core violations for WCAG 2.2 A and AA, and no sideways
scrolling on a 320 px wide phone (the same as 400% zoom on a laptop)."""

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_no_wcag_violations, wcag_violations

pytestmark = pytest.mark.browser


PAGES = {
    "home": "/",
    "directory": "/groups/",
    "directory filtered": "/groups/?topic=families&area=Blackbird+Leys%2C+Oxford",
    "directory with no results": "/groups/?topic=housing&area=Blackbird+Leys%2C+Oxford",
    "group": "/groups/oxford-influence-group/",
    "group with a social link": "/groups/team-up-co-production-board/",
    "story": "/groups/oxford-influence-group/stories/from-the-waiting-room-to-the-committee-room/",
    "topics": "/topics/",
    "topic": "/topics/housing/",
    "organisation": "/organisations/oxford-hub/",
    "about co-production": "/about-co-production/",
    "accessibility statement": "/accessibility/",
    "inactive group": "/groups/dudley-stronger-communities/",
    "what's on": "/whats-on/",
    "activity log": "/activities/",
    "activity log filtered": "/activities/?kind=meeting&topic=housing&group=oxford-influence-group",
    "activity log, bad filters": "/activities/?year=abc&kind=unknown&page=0",
    "group activity log": "/groups/oxford-influence-group/activities/?year=2020",
    "upcoming activity": "/activities/influence-group-monthly-meeting/",
    "past activity with outcome": "/activities/tenants-without-a-voice-online-meeting/",
    "activity with a link": "/activities/bbc-radio-oxford-make-a-difference/",
    "impact": "/groups/oxford-influence-group/impact/",
    "impact for a period": "/groups/team-up-co-production-board/impact/?start=2020-01-01",
    "impact with nothing yet": "/groups/parent-power/impact/?start=2030-01-01",
    "impact with a bad period": "/groups/oxford-influence-group/impact/?start=abc&end=2019-01-01",
    "newsletter archive": "/newsletters/",
    "newsletter archive filtered": "/newsletters/?newsletter=working-together",
    "newsletter": "/newsletters/working-together/",
    "newsletter issue": "/newsletters/working-together/autumn-2020/",
    "short newsletter issue": "/newsletters/oxford-influence-group-news/summer-2020/",
    "site search": "/search/?q=co-production",
    "site search, newsletters only": "/search/?q=co-production&kind=newsletters",
    "site search, nothing found": "/search/?q=wombats",
    "subscribe": "/newsletters/subscribe/?newsletter=working-together",
    "check your e-mail": "/newsletters/subscribe/check-your-email/",
    "broken confirmation link": "/newsletters/confirm/broken-link/",
    "ask the editors": "/newsletters/working-together/ask/",
    "question sent": "/newsletters/working-together/ask/thank-you/",
    "group's asks": "/groups/oxford-influence-group/asks/",
    "group's asks filtered": "/groups/oxford-influence-group/asks/?status=done&topic=community",
    "group's asks, bad filters": "/groups/oxford-influence-group/asks/?status=x&body=y&page=z",
    "ask with no response": "/asks/housing-associations-work-with-their-tenants/",
    "ask done": "/asks/a-calmer-reception-at-citizens-advice-oxford/",
    "what a body was asked": "/organisations/oxford-city-council/asks/",
    "easy-read pages": "/easy-read/",
    "group in easy read": "/groups/parent-power/easy-read/",
    "about co-production in easy read": "/about-co-production/easy-read/",
    "not found": "/groups/no-such-group/",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_page_has_no_wcag_violations_and_fits_the_screen(page: Page, demo_site, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(f"{demo_site.url}{path}")
    expected = {PAGES["not found"]: 404, PAGES["broken confirmation link"]: 400}
    assert response.status == expected.get(path, 200)

    assert_no_wcag_violations(page)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{path} scrolls sideways at {width}px ({scroll_width}px wide)"
    assert page.locator("h1").count() == 1


def test_print_stylesheet_hides_navigation(page: Page, demo_site):
    page.goto(f"{demo_site.url}/groups/parent-power/")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()


def test_the_audit_catches_a_real_problem(page: Page, demo_site):
    """Guards the tests above: an image without alt text and an unlabelled field are reported."""
    page.goto(f"{demo_site.url}/groups/")
    page.evaluate(
        """() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<img src="/static/img/favicon.svg">');
        main.insertAdjacentHTML('beforeend', '<input type="text">');
    }"""
    )
    results = wcag_violations(page)
    rules = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "label"} <= rules
