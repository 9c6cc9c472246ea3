"""The public forms in a real browser: errors are listed at the top, linked to their fields,
announced, and the page stays free of WCAG violations."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_wcag_violations

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def test_subscribe_form_errors_are_listed_linked_and_accessible(page: Page, demo_site):
    page.goto(f"{demo_site.url}/newsletters/subscribe/")
    page.get_by_label("Your e-mail address").fill("not an address")
    page.get_by_role("button", name="Subscribe").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a valid e-mail address.")
    expect(summary).to_contain_text("Choose at least one newsletter.")
    expect(page).to_have_title(re.compile("^Error: "))
    email = page.get_by_label("Your e-mail address")
    expect(email).to_have_attribute("aria-invalid", "true")
    assert email.input_value() == "not an address"  # what was typed is kept

    summary.get_by_role("link", name=re.compile("e-mail address")).click()
    expect(email).to_be_focused()

    assert_no_wcag_violations(page)


def test_subscribing_by_keyboard_alone(page: Page, demo_site):
    page.goto(f"{demo_site.url}/newsletters/working-together/")
    page.get_by_label("Your e-mail address").focus()
    page.keyboard.type("reader@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Sam")
    page.keyboard.press("Tab")  # the newsletter already chosen on its own page
    expect(page.get_by_role("checkbox", name=re.compile("Working Together"))).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize(
    "path",
    [
        "/contact/",
        "/newsletters/subscribe/",
        "/activities/parent-power-coffee-morning/sign-up/",
    ],
)
def test_every_question_on_a_form_is_the_same_size(page: Page, demo_site, path, width):
    """A group of checkboxes or radio buttons is asked in a legend: it must not look smaller
    (less important) than the questions asked in labels."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{demo_site.url}{path}")
    sizes = page.eval_on_selector_all(
        "main form label.form-label, main form legend",
        "els => els.map(el => [el.tagName, el.textContent.trim(), getComputedStyle(el).fontSize])",
    )
    assert any(tag == "LEGEND" for tag, _, _ in sizes), sizes
    assert len({size for _, _, size in sizes}) == 1, sizes
