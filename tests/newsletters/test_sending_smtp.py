"""Sending through a real (tiny) SMTP server on 127.0.0.1 that drops a connection, with
Django's own SMTP backend: everyone gets the issue exactly once."""

import socket
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from newsletters.models import Delivery
from newsletters.services.sending import issue_send, newsletters_send_due

pytestmark = pytest.mark.django_db


class DroppingHandler:
    """Takes every e-mail, except that it drops the connection, without a word, when asked for
    the ``drop_on``-th sender (MAIL FROM) since it started."""

    def __init__(self, drop_on: set[int]):
        self.drop_on = drop_on
        self.mail_commands = 0
        self.received: list[str] = []

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mail_commands += 1
        if self.mail_commands in self.drop_on:
            server.transport.abort()
            return "421 Never heard: the connection is gone"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    return settings


@pytest.fixture
def mail_server(smtp_settings):
    handler = DroppingHandler(drop_on={3})
    smtp_settings.EMAIL_PORT = free_port()
    controller = Controller(
        handler, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT, server_hostname="localhost"
    )
    controller.start()
    yield handler
    controller.stop()


def test_a_dropped_connection_to_a_real_server_loses_nobody(
    marked, working_together, subscribers, mail_server, clock
):
    people = subscribers(8, working_together)
    first = issue_send(issue=marked, batch_size=100)
    assert (first.sent, first.retry, first.failed, first.finished) == (7, 1, 0, False)
    assert "Connection unexpectedly closed" in Delivery.objects.get(status="retry").error

    clock.advance(minutes=5)
    [later] = newsletters_send_due()
    assert (later.sent, later.finished) == (1, True)
    assert Counter(mail_server.received) == Counter(person.email for person in people)


def test_a_mail_server_that_cannot_be_reached_spends_no_tries(
    marked, working_together, subscribers, smtp_settings
):
    subscribers(5, working_together)
    smtp_settings.EMAIL_PORT = free_port()  # nothing listens there
    report = issue_send(issue=marked)
    assert "could not connect to the mail server" in report.stopped
    assert not Delivery.objects.exists()
