"""The JSON-LD blocks in a real browser: read as data, never run, and no Content-Security-Policy
violation reported on the pages that carry them."""

import json

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Runs before any of the page's own code, so every violation is recorded from the start.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

PAGES_WITH_DATA = {
    "home": ("/", "Organization"),
    "group": ("/groups/oxford-influence-group/", "Organization"),
    "activity": ("/activities/influence-group-monthly-meeting/", "Event"),
}


def violations(page: Page) -> list[str]:
    """The violations recorded once the browser has dispatched what it queued: a violation
    event is a task queued when the resource is blocked, so a task queued after it (a
    zero-delay timer) runs after it, however busy the machine."""
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")
    return page.evaluate("window.cspViolations")


@pytest.mark.parametrize(("path", "kind"), PAGES_WITH_DATA.values(), ids=PAGES_WITH_DATA.keys())
def test_json_ld_is_read_without_a_csp_violation(page: Page, demo_site, path, kind):
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(f"{demo_site.url}{path}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    assert [json.loads(block)["@type"] for block in blocks] == [kind]
    assert violations(page) == []


def test_the_recorder_sees_a_violation(page: Page, demo_site):
    """Guards the test above: an inline script added to the page is blocked and recorded."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{demo_site.url}/")
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.ran = true";
        document.body.append(script);
    }"""
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert violations(page) != []
    assert page.evaluate("window.ran") is None
