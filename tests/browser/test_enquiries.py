"""Getting in touch in a real browser: from a group's page to a sent enquiry by keyboard alone,
and the Get involved, Contact us and privacy pages free of WCAG violations, errors included."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from enquiries.models import Enquiry
from oig_site.core.spam import MINIMUM_SECONDS
from tests.browser.axe import assert_no_wcag_violations

pytestmark = pytest.mark.browser


def tab_to(page: Page, description: str, found, limit: int = 60):
    """Press Tab until ``found`` (a script given the focused element) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {found}; }}"):
            return
    raise AssertionError(f"Tab never reached {description}")


def focused_name(page: Page) -> str:
    return page.evaluate("() => document.activeElement.name || document.activeElement.textContent")


def test_from_a_group_page_to_a_sent_enquiry_by_keyboard_alone(page: Page, demo_site):
    page.goto(f"{demo_site.url}/groups/parent-power/")
    tab_to(page, "the button", "el.textContent.trim() === 'Get involved with Parent Power'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Get involved with Parent Power")
    loaded = page.evaluate("() => Date.now()")

    tab_to(page, "the name box", "el.name === 'name'")
    page.keyboard.type("Ama")
    page.keyboard.press("Tab")
    assert focused_name(page) == "email"
    page.keyboard.type("ama@example.org")
    page.keyboard.press("Tab")
    assert focused_name(page) == "phone"
    page.keyboard.press("Tab")
    assert focused_name(page) == "interest"
    page.keyboard.press("ArrowDown")  # the second choice: come to a meeting
    expect(page.get_by_role("radio", name="Come to a meeting")).to_be_checked()
    page.keyboard.press("Tab")
    assert focused_name(page) == "message"
    page.keyboard.type("Can I bring my little one?")
    page.keyboard.press("Tab")
    page.keyboard.type("A quiet space, please.")
    page.keyboard.press("Tab")
    assert focused_name(page) == "consent"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    # The hidden box for bots is out of the tab order: next is the privacy notice link.
    assert focused_name(page).strip() == "privacy notice"
    page.keyboard.press("Tab")
    assert focused_name(page).strip() == "Send my message"
    # However fast the keyboard, a person takes a few seconds: wait as long as the check asks.
    page.wait_for_function(f"() => Date.now() - {loaded} > {MINIMUM_SECONDS * 1000 + 500}")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we have your message")
    enquiry = Enquiry.objects.get()
    assert (enquiry.group.slug, enquiry.name) == ("parent-power", "Ama")
    assert enquiry.interest == "meeting"
    assert enquiry.access_needs == "A quiet space, please."
    assert [m.to for m in mail.outbox][-1] == ["ama@example.org"]  # the acknowledgement
    assert_no_wcag_violations(page)


@pytest.mark.parametrize(
    "path",
    [
        "/get-involved/",
        "/groups/oxford-influence-group/get-involved/",
        "/groups/dudley-stronger-communities/get-involved/",
        "/contact/",
        "/privacy/",
        "/contact/thanks/",
    ],
)
def test_the_pages_have_no_wcag_violations(page: Page, demo_site, path):
    page.goto(f"{demo_site.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_no_wcag_violations(page)


def test_form_errors_are_listed_linked_and_accessible(page: Page, demo_site):
    page.goto(f"{demo_site.url}/contact/")
    page.get_by_label("Your name").fill("Sam")
    page.get_by_role("button", name="Send my message").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Give an e-mail address or a phone number")
    expect(summary).to_contain_text("Choose what you would like to do.")
    expect(summary).to_contain_text("Tick the box to say we may contact you")
    expect(page).to_have_title(re.compile("^Error: "))
    summary.get_by_role("link", name=re.compile("e-mail address")).click()
    expect(page.get_by_label(re.compile("Your e-mail address"))).to_be_focused()
    assert page.get_by_label("Your name").input_value() == "Sam"
    assert not Enquiry.objects.exists()
    assert_no_wcag_violations(page)
