"""The accessibility check of every browser test: axe-core's rules for WCAG 2.0, 2.1 and 2.2,
levels A and AA, run on the page once it has loaded (its styles apply and its scripts, such as
the admin's, which names the boxes Django leaves unnamed, have run)."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def wcag_violations(page: Page):
    """axe-core's results for the page as it is once loaded."""
    page.wait_for_load_state("load")
    return _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})


def assert_no_wcag_violations(page: Page) -> None:
    results = wcag_violations(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
