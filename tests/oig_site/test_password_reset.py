"""'Forgotten your password?': the same answer for every address, the e-mail sent after the
response, and no more than a few e-mails an hour to anyone."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.html import text

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"
DONE = "/admin/password_reset/done/"


@pytest.fixture
def coordinator():
    return get_user_model().objects.create_user(
        username="sam", email="sam@example.org", password="a-password", is_staff=True
    )


def ask_for_reset(client, capture, email, **extra):
    """Post the form; return the response and the work left to do after it."""
    with capture() as after_response:
        response = client.post(RESET, {"email": email}, **extra)
    return response, after_response


def test_the_email_is_sent_after_the_response_not_during_it(
    client, coordinator, django_capture_on_commit_callbacks
):
    response, after_response = ask_for_reset(
        client, django_capture_on_commit_callbacks, "sam@example.org"
    )
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert mail.outbox == []  # nothing was sent while the visitor waited
    for work in after_response:
        work()
    [message] = mail.outbox
    assert message.to == ["sam@example.org"]
    assert "/reset/" in message.body


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_work(
    client, coordinator, django_capture_on_commit_callbacks
):
    known, known_work = ask_for_reset(client, django_capture_on_commit_callbacks, "sam@example.org")
    unknown, unknown_work = ask_for_reset(
        client, django_capture_on_commit_callbacks, "nobody@example.org"
    )
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content
    assert len(known_work) == len(unknown_work) == 1
    assert mail.outbox == []
    page = client.get(DONE)
    assert "We’ve e-mailed you instructions" in text(page)
    for work in unknown_work:
        work()
    assert mail.outbox == []  # no account: nothing to send, decided after the response
    for work in known_work:
        work()
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_the_mail_server_is_never_contacted_in_the_request(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    response, after_response = ask_for_reset(
        client, django_capture_on_commit_callbacks, "sam@example.org"
    )
    assert response.status_code == 302
    assert len(after_response) == 1
    after_response[0]()  # the failure is logged by Django's form, never shown to anyone


def test_fifty_requests_for_one_address_send_at_most_three_emails(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.TRUSTED_PROXIES = 1
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(50):
            response = client.post(
                RESET,
                {"email": "sam@example.org"},
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",  # even from many addresses
            )
            assert response.status_code == 302
            assert response["Location"] == DONE
    assert len(mail.outbox) == 3


def test_one_visitor_is_limited_across_addresses(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_response:
        for i in range(25):
            response = client.post(RESET, {"email": f"someone{i}@example.org"})
            assert response["Location"] == DONE
    assert len(after_response) == 20
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET, {"email": "sam@example.org"})
    assert mail.outbox == []  # this visitor is over the limit; the answer looked the same


def test_an_invalid_address_is_a_form_error(client):
    response = client.post(RESET, {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter a valid e-mail address" in text(response)


@pytest.mark.django_db(transaction=True)
def test_on_a_real_server_the_email_is_sent_from_a_thread_of_its_own(client, settings):
    settings.BACKGROUND_THREADS = True
    get_user_model().objects.create_user(username="kim", email="kim@example.org", password="pw")
    before = set(threading.enumerate())
    response = client.post(RESET, {"email": "kim@example.org"})
    assert response.status_code == 302
    for thread in set(threading.enumerate()) - before:
        if thread.name == "after-response":
            thread.join(timeout=30)
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]


def test_once_the_password_is_set_log_in_leads_to_the_admins_sign_in_page(client):
    response = client.get("/reset/done/")
    assert 'href="/admin/login/"' in response.content.decode()
