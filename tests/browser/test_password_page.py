"""The page a new coordinator reaches from the e-mailed link, in a real browser: it carries the
site's name, says what a password needs, keeps them right after a mistake, and has no WCAG
violations at desktop or phone width."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_wcag_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def new_coordinator(transactional_db, django_user_model):
    user = django_user_model.objects.create_user("new@example.org", "new@example.org")
    user.set_unusable_password()
    user.is_staff = True
    user.save()
    return user


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_choosing_a_first_password(page: Page, live_server, settings, new_coordinator, width):
    page.set_viewport_size({"width": width, "height": 800})
    uid = urlsafe_base64_encode(force_bytes(new_coordinator.pk))
    token = default_token_generator.make_token(new_coordinator)
    page.goto(live_server.url + reverse("password_reset_confirm", args=[uid, token]))

    expect(page).to_have_title(f"Choose your password | {settings.SITE_NAME}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    expect(page.get_by_text(f"{settings.SITE_NAME}: editing")).to_be_visible()
    password = page.get_by_label("Password:", exact=True)
    # What a password needs is read out with the field.
    help_text = page.locator("#" + password.get_attribute("aria-describedby"))
    expect(help_text).to_contain_text("at least 8 characters")
    assert_no_wcag_violations(page)

    # A mistake: the two passwords differ.
    password.fill("a long new passphrase 42")
    page.get_by_label("The same password again:").fill("a long new passphrase 24")
    page.get_by_role("button", name="Save my password").click()
    expect(page).to_have_title(f"Error: Choose your password | {settings.SITE_NAME}")
    expect(page.locator(".errorlist")).to_contain_text("didn’t match")
    assert_no_wcag_violations(page)

    page.get_by_label("Password:", exact=True).fill("a long new passphrase 42")
    page.get_by_label("The same password again:").fill("a long new passphrase 42")
    page.get_by_role("button", name="Save my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is saved")
    expect(page).to_have_title(f"Your password is saved | {settings.SITE_NAME}")
    assert_no_wcag_violations(page)
    new_coordinator.refresh_from_db()
    assert new_coordinator.check_password("a long new passphrase 42")
