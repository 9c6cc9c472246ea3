"""Sending through an unreliable mail server: passing problems are retried by later runs, with
growing waits and a bounded number of tries; permanent ones are not; nobody gets two e-mails."""

import datetime as dt
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from newsletters.models import Delivery, Issue
from newsletters.services.sending import MAX_ATTEMPTS, issue_send, newsletters_send_due
from tests.html import text
from tests.newsletters.backends import Crash, CrashingBackend, FlakyBackend, recipients

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.newsletters.backends.FlakyBackend"
    FlakyBackend.reset()
    yield FlakyBackend
    FlakyBackend.reset()


def progress(client) -> str:
    return text(client.get(reverse("admin:newsletters_issue_changelist")))


def test_one_dropped_connection_loses_nobody_and_nobody_gets_two(
    admin_client, marked, working_together, subscribers, flaky, clock
):
    people = subscribers(200, working_together)
    flaky.drop_at = {80}

    first = issue_send(issue=marked, batch_size=100)
    # Only the e-mail being sent when the connection dropped waits; everyone after it went
    # out over a fresh connection.
    assert (first.sent, first.retry, first.failed, first.finished) == (199, 1, 0, False)
    waiting = Delivery.objects.get(issue=marked, status="retry")
    assert waiting.attempts == 1
    assert waiting.next_attempt_at == clock.now + dt.timedelta(minutes=5)
    assert "Connection unexpectedly closed" in waiting.error
    assert "Sending: 199 sent of 200, 1 will be retried, 0 failed" in progress(admin_client)

    # A run before the wait is over sends nothing and does not finish the issue.
    clock.advance(minutes=4)
    assert newsletters_send_due()[0].sent == 0
    assert Issue.objects.get(pk=marked.pk).send_finished_at is None

    clock.advance(minutes=2)
    [later] = newsletters_send_due()
    assert (later.sent, later.retry, later.finished) == (1, 0, True)
    counts = recipients()
    assert set(counts) == {person.email for person in people}
    assert set(counts.values()) == {1}
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts, waiting.next_attempt_at) == ("sent", 2, None)
    assert Delivery.objects.filter(issue=marked).count() == 200  # the same row, retried
    assert "200 sent of 200, 0 will be retried, 0 failed" in progress(admin_client)


def test_a_dead_connection_is_replaced_within_the_batch(
    marked, working_together, subscribers, flaky
):
    subscribers(10, working_together)
    flaky.drop_at = {3}
    report = issue_send(issue=marked, batch_size=100)
    assert (report.sent, report.retry) == (9, 1)
    assert flaky.opens == 2  # the first connection, and one after the drop


def test_waits_grow_and_tries_are_bounded(marked, working_together, subscribers, flaky, clock):
    subscribers(1, working_together, prefix="busy")
    subscribers(2, working_together)
    flaky.errors = {"busy": smtplib.SMTPRecipientsRefused({"busy0@example.org": (451, b"Busy")})}

    issue_send(issue=marked)
    delivery = Delivery.objects.get(subscriber__email="busy0@example.org")
    waits = []
    while delivery.status == "retry":
        waits.append(delivery.next_attempt_at - clock.now)
        clock.advance(seconds=waits[-1].total_seconds())
        newsletters_send_due()
        delivery.refresh_from_db()
    assert waits == [dt.timedelta(minutes=m) for m in (5, 15, 45, 135)]
    assert delivery.status == "failed"
    assert delivery.attempts == MAX_ATTEMPTS == 5
    assert delivery.error.startswith("Gave up after 5 tries. Last error:")
    assert Issue.objects.get(pk=marked.pk).send_finished_at is not None
    assert "busy0@example.org" not in recipients()
    clock.advance(days=1)
    assert newsletters_send_due() == []  # finished: nothing more is tried


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPRecipientsRefused({"x0@example.org": (450, b"Mailbox busy")}),
        smtplib.SMTPDataError(421, b"Service not available, closing channel"),
        smtplib.SMTPResponseException(452, b"Insufficient system storage"),
        smtplib.SMTPConnectError(421, b"Too many connections"),
        TimeoutError("timed out"),
        ConnectionResetError(104, "Connection reset by peer"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_passing_problems_are_retried(marked, working_together, subscribers, flaky, error):
    subscribers(1, working_together, prefix="x")
    flaky.errors = {"x0": error}
    report = issue_send(issue=marked)
    assert (report.retry, report.failed, report.finished) == (1, 0, False)
    assert Delivery.objects.get().status == "retry"


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPRecipientsRefused({"x0@example.org": (550, b"No such user")}),
        smtplib.SMTPDataError(554, b"Message rejected"),
        smtplib.SMTPResponseException(552, b"Mailbox full for good"),
        ValueError("Invalid address"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_permanent_failures_are_not_retried(
    marked, working_together, subscribers, flaky, clock, error
):
    subscribers(1, working_together, prefix="x")
    subscribers(2, working_together)
    flaky.errors = {"x0": error}
    report = issue_send(issue=marked)
    assert (report.sent, report.retry, report.failed, report.finished) == (2, 0, 1, True)
    clock.advance(days=1)
    flaky.errors = {}
    assert newsletters_send_due() == []
    failed = Delivery.objects.get(status="failed")
    assert (failed.attempts, failed.next_attempt_at) == (1, None)
    assert "x0@example.org" not in recipients()


def test_an_unreachable_mail_server_stops_the_run_and_spends_no_tries(
    marked, working_together, subscribers, flaky
):
    people = subscribers(50, working_together)
    flaky.refuse_connections = 1000
    report = issue_send(issue=marked)
    assert report.stopped.startswith("Stopped after 3 problems in a row")
    assert "could not connect to the mail server" in report.stopped
    assert not report.finished
    assert not Delivery.objects.exists()  # nobody was claimed, so nobody's tries are spent

    flaky.refuse_connections = 0
    assert issue_send(issue=marked).finished
    assert set(recipients()) == {person.email for person in people}
    assert set(recipients().values()) == {1}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}


def test_a_server_that_keeps_dropping_stops_the_run_early(
    marked, working_together, subscribers, flaky, clock
):
    people = subscribers(40, working_together)
    flaky.drop_at = set(range(1, 1000))
    report = issue_send(issue=marked)
    assert (report.sent, report.retry) == (0, 3)
    assert "The rest will be tried on the next run" in report.stopped
    assert Delivery.objects.count() == 3  # the other 37 are untouched

    flaky.drop_at = set()
    clock.advance(minutes=5)
    assert newsletters_send_due()[0].finished
    assert set(recipients()) == {person.email for person in people}
    assert set(recipients().values()) == {1}


def test_only_deliveries_waiting_for_a_retry_are_sent_again(
    marked, working_together, subscribers, flaky, clock
):
    sent, failed, sending, waiting = subscribers(4, working_together)
    long_ago = clock.now - dt.timedelta(minutes=10)
    for subscriber, status in [(sent, "sent"), (failed, "failed"), (sending, "sending")]:
        Delivery.objects.create(
            issue=marked,
            subscriber=subscriber,
            status=status,
            attempted_at=clock.now,
            next_attempt_at=long_ago,  # never set for these; ignored if it were
        )
    Delivery.objects.create(
        issue=marked, subscriber=waiting, status="retry", next_attempt_at=long_ago
    )
    report = issue_send(issue=marked)
    assert list(recipients()) == [waiting.email]
    assert (report.sent, report.finished) == (1, False)  # one is still being sent elsewhere


def test_a_crash_during_a_retry_is_not_retried_again(
    marked, working_together, subscribers, clock, settings
):
    [person] = subscribers(1, working_together)
    Delivery.objects.create(
        issue=marked,
        subscriber=person,
        status="retry",
        attempted_at=clock.now - dt.timedelta(minutes=5),
        next_attempt_at=clock.now,
    )
    settings.EMAIL_BACKEND = "tests.newsletters.backends.CrashingBackend"
    CrashingBackend.crash_after = 0
    with pytest.raises(Crash):
        issue_send(issue=marked)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("sending", 2)

    clock.advance(hours=1)
    report = issue_send(issue=marked)
    assert (report.interrupted, report.sent, report.finished) == (1, 0, True)
    assert mail.outbox == []


def test_the_command_says_how_many_will_be_retried(marked, working_together, subscribers, flaky):
    subscribers(5, working_together)
    flaky.drop_at = {2}
    out = StringIO()
    call_command("send_newsletters", stdout=out)
    assert (
        "Working Together: Autumn 2020: 4 sent, 0 failed, 1 will be retried (not finished)."
        in out.getvalue()
    )


def test_someone_who_unsubscribes_before_the_retry_is_not_sent_it(
    marked, working_together, subscribers, flaky, clock
):
    [person] = subscribers(1, working_together)
    flaky.drop_at = {1}
    issue_send(issue=marked)
    person.subscriptions.update(unsubscribed_at=clock.now)
    clock.advance(minutes=5)
    report = issue_send(issue=marked)
    assert (report.sent, report.failed, report.finished) == (0, 1, True)
    assert "unsubscribed" in Delivery.objects.get().error
    assert mail.outbox == []
