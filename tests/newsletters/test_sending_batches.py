"""Sending in batches: a batch of recipients is claimed at once, and whatever happens part-way
through one (a second run, a claim that lapses while its run is still going, a run that stops,
a clash between two runs claiming at the same moment), nobody gets the issue twice and
everyone who can be reached gets it."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError

from newsletters.models import Delivery, Issue
from newsletters.services.sending import issue_send
from tests.newsletters.backends import FlakyBackend, recipients

pytestmark = pytest.mark.django_db


class InterleavingBackend(EmailBackend):
    """Just before the ``at``-th e-mail (counted from 1) goes out, does ``meanwhile`` once:
    what another process does at that moment."""

    at = 0
    meanwhile = None

    def send_messages(self, messages):
        if InterleavingBackend.meanwhile and len(mail.outbox) + 1 == InterleavingBackend.at:
            meanwhile, InterleavingBackend.meanwhile = InterleavingBackend.meanwhile, None
            meanwhile()
        return super().send_messages(messages)


@pytest.fixture
def interleaving(settings):
    settings.EMAIL_BACKEND = "tests.newsletters.test_sending_batches.InterleavingBackend"
    yield InterleavingBackend
    InterleavingBackend.at, InterleavingBackend.meanwhile = 0, None


def everyone_once(people) -> bool:
    counts = recipients()
    return set(counts) == {person.email for person in people} and set(counts.values()) == {1}


def test_a_second_run_in_the_middle_of_a_batch_leaves_that_batch_alone(
    marked, working_together, subscribers, interleaving
):
    people = subscribers(50, working_together)
    second = []
    interleaving.at = 5
    interleaving.meanwhile = lambda: second.append(
        issue_send(issue=Issue.objects.get(pk=marked.pk), batch_size=20)
    )
    first = issue_send(issue=marked, batch_size=20)
    [second] = second
    assert (second.sent, second.finished) == (30, False)  # the first run's batch was not its
    assert (first.sent, first.finished) == (20, True)
    assert everyone_once(people)
    assert set(Delivery.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_a_slow_run_never_sends_what_it_claimed_once_the_claim_lapsed(
    marked, working_together, subscribers, interleaving, clock
):
    people = subscribers(30, working_together)
    later = []

    def much_later():
        clock.advance(minutes=11)  # the first run's claims lapse while it is still going
        later.append(issue_send(issue=Issue.objects.get(pk=marked.pk)))

    interleaving.at = 5
    interleaving.meanwhile = much_later
    slow = issue_send(issue=marked)
    [later] = later
    # The later run took the 25 the slow run had claimed but not yet tried; the slow one sent
    # the e-mail it had begun (recorded as being tried, so never released) and no other.
    assert (slow.sent, later.sent) == (5, 25)
    assert everyone_once(people)
    assert Delivery.objects.filter(status="sent").count() == 30


def test_a_run_that_stops_part_way_through_a_batch_leaves_the_rest_for_the_next(
    marked, working_together, subscribers, settings, clock
):
    people = subscribers(20, working_together)
    settings.EMAIL_BACKEND = "tests.newsletters.backends.FlakyBackend"
    FlakyBackend.reset()
    FlakyBackend.drop_at = {3, 4, 5}  # three problems in a row stop the run
    try:
        stopped = issue_send(issue=marked, batch_size=100)
        assert (stopped.sent, stopped.retry, stopped.finished) == (2, 3, False)
        assert "The rest will be tried on the next run" in stopped.stopped
        # The 15 it claimed but never tried are not held: the next run sends them at once.
        assert Delivery.objects.count() == 5
        FlakyBackend.drop_at = set()
        assert issue_send(issue=marked).sent == 15
        clock.advance(minutes=5)
        assert issue_send(issue=marked).finished
    finally:
        FlakyBackend.reset()
    assert everyone_once(people)


def test_two_runs_claiming_at_the_same_moment_lose_nobody(
    marked, working_together, subscribers, monkeypatch
):
    """When another run claims some of the same people at the same moment, the database
    refuses the second claim (one delivery per issue and person); the run looks again."""
    people = subscribers(10, working_together)
    claims = []
    bulk_create = Delivery.objects.bulk_create

    def clashing(deliveries, *args, **kwargs):
        claims.append(deliveries := list(deliveries))
        if len(claims) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return bulk_create(deliveries, *args, **kwargs)

    monkeypatch.setattr(Delivery.objects, "bulk_create", clashing)
    report = issue_send(issue=marked, batch_size=100)
    assert [len(claim) for claim in claims] == [10, 10]
    assert (report.sent, report.finished) == (10, True)
    assert everyone_once(people)


def test_each_delivery_records_when_it_was_tried_and_sent(
    marked, working_together, subscribers, clock
):
    subscribers(3, working_together)
    issue_send(issue=marked, batch_size=2)
    rows = list(Delivery.objects.values_list("status", "attempts", "error", "finished_at"))
    assert rows == [("sent", 1, "", clock.now)] * 3
    assert set(Delivery.objects.values_list("next_attempt_at", flat=True)) == {None}
    assert len(mail.outbox) == 3


def test_claims_older_than_the_lapse_are_released_but_no_sooner(
    marked, working_together, subscribers, clock
):
    [person] = subscribers(1, working_together)
    # Claimed by a run that died before trying it.
    Delivery.objects.create(
        issue=marked,
        subscriber=person,
        attempts=0,
        attempted_at=clock.now - dt.timedelta(minutes=9),
    )
    assert issue_send(issue=marked).sent == 0
    clock.advance(minutes=2)
    report = issue_send(issue=marked)
    assert (report.sent, report.interrupted, report.finished) == (1, 0, True)
    assert list(recipients()) == [person.email]


def test_one_connection_carries_a_whole_batch_and_none_is_opened_for_nothing(
    marked, working_together, subscribers, settings
):
    people = subscribers(200, working_together)
    settings.EMAIL_BACKEND = "tests.newsletters.backends.FlakyBackend"
    FlakyBackend.reset()
    try:
        report = issue_send(issue=marked, batch_size=100)
        assert (report.sent, report.finished) == (200, True)
        assert (FlakyBackend.opens, FlakyBackend.sends) == (2, 200)
    finally:
        FlakyBackend.reset()
    assert everyone_once(people)
