"""Signing in to the admin: lock-outs are for one username from one address; the form asks
for the e-mail address coordinators were told to use, in plain words."""

import pytest
from django.contrib.auth import get_user_model

from tests.html import text

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
ADDRESS_A = "203.0.113.10"
ADDRESS_B = "198.51.100.20"
PROXY = "10.0.0.1"


@pytest.fixture
def coordinator(settings):
    settings.TRUSTED_PROXIES = 1
    return get_user_model().objects.create_user(
        username="sam", email="sam@example.org", password="right-password", is_staff=True
    )


def sign_in(client, password, address, username="sam"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_wrong_passwords_from_one_address_lock_out_only_that_address(client, coordinator):
    for _ in range(4):
        assert sign_in(client, "wrong", ADDRESS_A).status_code == 200
    assert sign_in(client, "wrong", ADDRESS_A).status_code == 429  # the fifth locks
    locked = sign_in(client, "right-password", ADDRESS_A)
    assert locked.status_code == 429
    assert "Signing in is paused" in text(locked)

    elsewhere = sign_in(client, "right-password", ADDRESS_B)
    assert elsewhere.status_code == 302
    assert elsewhere["Location"] == "/admin/"


def test_a_forged_header_does_not_escape_a_lock_out(client, coordinator):
    for _ in range(5):
        sign_in(client, "wrong", ADDRESS_A)
    # The proxy appends the real address; whatever the guesser wrote in front is ignored.
    locked = sign_in(client, "right-password", f"{ADDRESS_B}, {ADDRESS_A}")
    assert locked.status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(client, coordinator, settings):
    settings.TRUSTED_PROXIES = 0
    for _ in range(5):
        sign_in(client, "wrong", ADDRESS_A)
    # Every request came from the same connection, so a different header changes nothing.
    assert sign_in(client, "right-password", ADDRESS_B).status_code == 429


def test_an_overlong_username_is_a_wrong_sign_in_not_a_500(client, coordinator):
    response = sign_in(client, "wrong", ADDRESS_A, username="u" * 300)
    assert response.status_code == 200
    assert "That e-mail address (or username) and password do not match." in text(response)


def test_overlong_usernames_lock_out_like_any_other(client, coordinator):
    for _ in range(5):
        sign_in(client, "wrong", ADDRESS_A, username="u" * 300)
    assert sign_in(client, "wrong", ADDRESS_A, username="u" * 300).status_code == 429
    assert sign_in(client, "right-password", ADDRESS_A).status_code == 302


def test_the_sign_in_page_asks_for_the_e_mail_address_in_plain_words(client, coordinator):
    page = text(client.get(LOGIN))
    assert '<label for="id_username" class="required">E-mail address or username:</label>' in page
    wrong = text(sign_in(client, "wrong", ADDRESS_A))
    assert "That e-mail address (or username) and password do not match." in wrong
    assert "staff account" not in wrong
