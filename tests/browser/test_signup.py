"""Signing up for an event by keyboard alone, in a real browser: the form on the activity's
page, its errors listed at the top and linked to their fields, and the confirmation page, all
free of WCAG violations."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from activities.models import SignUp
from tests.browser.axe import assert_no_wcag_violations

pytestmark = pytest.mark.browser


def test_signing_up_with_access_needs_by_keyboard_alone(page: Page, demo_site):
    page.goto(f"{demo_site.url}/activities/parent-power-coffee-morning/")
    expect(page.get_by_text("17 places left")).to_be_visible()
    assert_no_wcag_violations(page)

    # Name only, then Enter: the form comes back with its error at the top.
    page.get_by_label("Your name").focus()
    page.keyboard.type("Nadia Hussain")
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Give an e-mail address or a phone number")
    expect(page).to_have_title(re.compile("^Error: "))
    assert page.get_by_label("Your name").input_value() == "Nadia Hussain"
    assert_no_wcag_violations(page)

    # The error's link takes the keyboard to the field.
    summary.get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your e-mail address")).to_be_focused()
    page.keyboard.type("nadia@example.org")
    page.keyboard.press("Tab")  # phone: left empty
    page.keyboard.press("Tab")  # the first access need: step-free access
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # a BSL interpreter
    page.keyboard.press("Space")
    for _ in range(6):  # past the five other needs, to the text box
        page.keyboard.press("Tab")
    expect(page.get_by_label("Anything else you need?")).to_be_focused()
    page.keyboard.type("I bring my son")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="privacy notice", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign up")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("You have a place")
    expect(page.get_by_text("A British Sign Language (BSL) interpreter")).to_be_visible()
    assert_no_wcag_violations(page)

    signup = SignUp.objects.get(email="nadia@example.org")
    assert signup.access_needs == ["bsl", "step-free"]
    assert signup.other_access_needs == "I bring my son"
    [message] = mail.outbox
    assert message.to == ["nadia@example.org"]
