"""Sending an issue by e-mail to its newsletter's confirmed subscribers: the e-mail itself,
marking an issue for sending, and the runs of ``send_newsletters`` that send it in batches and
retry passing problems."""

import contextlib
import datetime as dt
import logging
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from newsletters.models import Delivery, Issue, Subscriber, Subscription
from newsletters.services.subscriptions import unsubscribe_token, unsubscribe_url
from oig_site.core.links import absolute_url
from oig_site.core.text import one_line

logger = logging.getLogger(__name__)

# A delivery still "being sent" after this long was interrupted (the process stopped between
# claiming it and finishing). It is not retried: it may have gone out already.
INTERRUPTED_AFTER = dt.timedelta(minutes=30)

# A passing problem (the mail server dropped the connection, was busy, timed out, or answered
# with a 4xx "try again later") is retried by later runs, waiting longer each time: 5, 15, 45
# and 135 minutes. After MAX_ATTEMPTS tries the delivery has failed for good.
MAX_ATTEMPTS = 5
RETRY_FIRST_WAIT = dt.timedelta(minutes=5)
RETRY_WAIT_FACTOR = 3
# A run stops early after this many passing problems in a row (or failed attempts to connect):
# the mail server is probably down, and the rest wait for the next run, their tries unspent.
MAX_PROBLEMS_IN_A_ROW = 3


class IssueCannotBeSent(ValueError):
    """The issue's e-mail cannot be made (a line break in its subject, say), so it must not
    be sent: every delivery would fail."""


def confirmed_recipients(issue: Issue):
    """Subscribers who should get this issue and have not been sent it (or tried)."""
    return (
        Subscriber.objects.filter(
            subscriptions__in=Subscription.objects.active().filter(
                newsletter_id=issue.newsletter_id
            )
        )
        .exclude(deliveries__issue=issue)
        .order_by("pk")
    )


@dataclass(frozen=True)
class IssueEmail:
    """An issue's e-mail, made once for a whole send: the subject, both bodies and the List-Id
    header are the same for everyone, so the issue is read and rendered once. Only the
    unsubscribe link is each recipient's own; the bodies hold ``placeholder`` where it goes,
    and ``message()`` puts it in (HTML-escaped in the HTML body, as the template would)."""

    subject: str
    text_body: str
    html_body: str
    list_id: str
    placeholder: str

    @classmethod
    def render(cls, issue: Issue) -> "IssueEmail":
        # Random, so that nothing an editor writes in the issue can be mistaken for it; letters,
        # digits and hyphens only, so that rendering leaves it as it is.
        placeholder = f"unsubscribe-link-{secrets.token_hex(16)}"
        context = {
            "issue": issue,
            "sections": list(issue.sections.all()),
            "questions": list(issue.published_questions()),
            "web_url": absolute_url(issue.get_absolute_url()),
            "unsubscribe_url": placeholder,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
        }
        text_body = render_to_string("newsletters/email/issue.txt", context)
        html_body = render_to_string("newsletters/email/issue.html", context)
        if placeholder not in text_body or placeholder not in html_body:
            # A template that changed the link (with a filter, say) would send it to nobody.
            raise ValueError("the issue e-mail templates must show the unsubscribe link as is")
        return cls(
            # Titles and names are validated to be one line; this is defence in depth.
            subject=one_line(f"{issue.newsletter.name} – {issue.title}"),
            text_body=text_body,
            html_body=html_body,
            list_id=one_line(f"{issue.newsletter.name} <{issue.newsletter.slug}.newsletters>"),
            placeholder=placeholder,
        )

    def message(self, subscription: Subscription | None) -> EmailMultiAlternatives:
        """The e-mail for one subscription (its subscriber must be loaded with it), or the
        preview, without one. Makes no query."""
        link = unsubscribe_url(unsubscribe_token(subscription) if subscription else "preview")
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text_body.replace(self.placeholder, link),
            to=[subscription.subscriber.email] if subscription else [],
            headers={
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": self.list_id,
            },
        )
        message.attach_alternative(
            self.html_body.replace(self.placeholder, escape(link)), "text/html"
        )
        return message


def issue_email(*, issue: Issue, subscription: Subscription | None) -> EmailMultiAlternatives:
    """The e-mail of an issue, for one subscription (or a preview, without one)."""
    return IssueEmail.render(issue).message(subscription)


def issue_email_for_sending(*, issue: Issue) -> IssueEmail:
    """Make the issue's e-mail and build it in full, headers included, as it would be sent.
    Raises ``IssueCannotBeSent`` with a plain explanation if it cannot be made."""
    try:
        email = IssueEmail.render(issue)
        email.message(None).message()
    except BadHeaderError as error:
        raise IssueCannotBeSent(
            "Its e-mail cannot be made because a header (such as the subject) would contain a "
            "line break. Write the issue's title and the newsletter's name on one line, and "
            "check the site's address and name settings."
        ) from error
    except Exception as error:
        logger.exception("The e-mail of issue %s cannot be made", issue.pk)
        raise IssueCannotBeSent(f"Its e-mail cannot be made ({error}).") from error
    return email


def issue_check_sendable(*, issue: Issue) -> EmailMultiAlternatives:
    """The preview of the issue's e-mail, built in full as it would be sent. Raises
    ``IssueCannotBeSent`` with a plain explanation if it cannot be made."""
    return issue_email_for_sending(issue=issue).message(None)


@transaction.atomic
def issue_mark_for_sending(*, issue: Issue, user: AbstractBaseUser | None) -> Issue:
    """Ask ``send_newsletters`` to send a published issue whose e-mail can be made."""
    if not issue.is_public:
        raise IssueCannotBeSent("Only a published issue can be sent.")
    issue_email_for_sending(issue=issue)
    if issue.send_requested_at is None:
        issue.send_requested_at = timezone.now()
        issue.send_requested_by = user
        issue.save(update_fields=["send_requested_at", "send_requested_by", "updated_at"])
    return issue


@dataclass
class SendReport:
    issue: Issue
    sent: int = 0
    failed: int = 0
    retry: int = 0  # passing problems, to be tried again by a later run
    interrupted: int = 0
    finished: bool = False
    stopped: str = ""  # why the run stopped before trying everyone, if it did


def retry_wait(attempts: int) -> dt.timedelta:
    """How long to wait before the next try, after ``attempts`` tries."""
    return RETRY_FIRST_WAIT * RETRY_WAIT_FACTOR ** max(attempts - 1, 0)


def _reply_code_passing(code) -> bool:
    return not isinstance(code, int) or not 500 <= code < 600


def is_passing_problem(error: BaseException) -> bool:
    """True for a problem worth trying again later: the connection dropped, was refused or
    timed out, the server answered 4xx ("try again later"), or it refused the site's own
    sender or login (the site's mail setup, not the recipient). False for a 5xx answer about
    this recipient or message (such as "550 no such user") and for errors making the e-mail."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(isinstance(code, int) and 400 <= code < 500 for code in codes)
    if isinstance(
        error,
        smtplib.SMTPServerDisconnected
        | smtplib.SMTPConnectError
        | smtplib.SMTPSenderRefused
        | smtplib.SMTPHeloError
        | smtplib.SMTPAuthenticationError
        | smtplib.SMTPNotSupportedError,
    ):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return _reply_code_passing(error.smtp_code)
    # Any other mail-server or network error (OSError covers timeouts, refused and reset
    # connections, TLS errors; smtplib's errors are OSErrors too).
    return isinstance(error, OSError)


class _Sender:
    """One run's mail-server connection: opened when needed, and closed and opened afresh
    after a problem, so one dropped connection never fails everybody after it."""

    def __init__(self, report: SendReport, email: IssueEmail, per_connection: int):
        self.report = report
        self.email = email
        self.per_connection = per_connection
        self.connection = None
        self.sent_on_connection = 0
        self.problems_in_a_row = 0

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):
                self.connection.close()
        self.connection = None

    def ready(self) -> bool:
        """An open connection, or False (with the run stopped) if the server cannot be
        reached: nobody is claimed, so nobody's tries are spent."""
        if self.connection is not None and self.sent_on_connection >= self.per_connection:
            self.close()
        while self.connection is None:
            connection = get_connection()
            try:
                connection.open()
            except Exception as error:  # noqa: BLE001 - reported, and the run stops if it lasts
                with contextlib.suppress(Exception):
                    connection.close()
                logger.warning("Could not connect to the mail server: %s", error)
                if self._problem(f"could not connect to the mail server ({error})"):
                    return False
                continue
            self.connection = connection
            self.sent_on_connection = 0
        return True

    def _problem(self, description: str) -> bool:
        """Count a passing problem; True if the run must stop."""
        self.problems_in_a_row += 1
        if self.problems_in_a_row >= MAX_PROBLEMS_IN_A_ROW:
            self.report.stopped = (
                f"Stopped after {self.problems_in_a_row} problems in a row, the last: "
                f"{description}. The rest will be tried on the next run."
            )
            return True
        return False

    def deliver(self, delivery: Delivery, subscription: Subscription | None) -> bool:
        """Send one claimed delivery and record the outcome. False if the run must stop."""
        if subscription is None:  # they unsubscribed a moment ago
            return self._record(delivery, Delivery.Status.FAILED, _NOT_SUBSCRIBED)
        try:
            message = self.email.message(subscription)
            message.message()  # any header problem shows here, before the server is involved
        except Exception as error:  # noqa: BLE001 - recorded: this e-mail cannot be made
            logger.warning("Newsletter delivery %s cannot be made: %s", delivery.pk, error)
            return self._record(delivery, Delivery.Status.FAILED, _describe(error))
        try:
            message.connection = self.connection
            self.sent_on_connection += 1
            message.send()
        except Exception as error:  # noqa: BLE001 - one address failing must not stop the rest
            logger.warning("Newsletter delivery %s failed: %s", delivery.pk, error)
            self.close()  # whatever happened, the next e-mail goes over a fresh connection
            if not is_passing_problem(error):
                self.problems_in_a_row = 0
                return self._record(delivery, Delivery.Status.FAILED, _describe(error))
            if delivery.attempts >= MAX_ATTEMPTS:
                self._record(
                    delivery,
                    Delivery.Status.FAILED,
                    f"Gave up after {delivery.attempts} tries. Last error: {_describe(error)}",
                )
            else:
                delivery.next_attempt_at = timezone.now() + retry_wait(delivery.attempts)
                self._record(delivery, Delivery.Status.RETRY, _describe(error))
            return not self._problem(_describe(error))
        self.problems_in_a_row = 0
        return self._record(delivery, Delivery.Status.SENT, "")

    def _record(self, delivery: Delivery, status: str, error: str) -> bool:
        delivery.status = status
        delivery.error = error[:2000]
        if status == Delivery.Status.RETRY:
            self.report.retry += 1
            delivery.finished_at = None
        else:
            delivery.next_attempt_at = None
            delivery.finished_at = timezone.now()
            if status == Delivery.Status.SENT:
                self.report.sent += 1
            else:
                self.report.failed += 1
        delivery.save(update_fields=["status", "error", "next_attempt_at", "finished_at"])
        return True


_NOT_SUBSCRIBED = "Not sent: they unsubscribed before it went out."


def _describe(error: BaseException) -> str:
    return str(error)[:2000] or error.__class__.__name__


def _mark_interrupted(issue: Issue) -> int:
    return Delivery.objects.filter(
        issue=issue,
        status=Delivery.Status.SENDING,
        attempted_at__lt=timezone.now() - INTERRUPTED_AFTER,
    ).update(
        status=Delivery.Status.FAILED,
        finished_at=timezone.now(),
        error="Interrupted while sending: it may or may not have arrived, so it was not sent "
        "again.",
    )


def _claim(issue: Issue, subscriber: Subscriber) -> Delivery | None:
    """Record the attempt before sending, so no run ever sends the same issue to the same
    person twice. None if another run got there first."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                issue=issue, subscriber=subscriber, attempts=1, attempted_at=timezone.now()
            )
    except IntegrityError:
        return None


def _claim_retry(delivery: Delivery) -> Delivery | None:
    """Claim a delivery that is waiting to be retried, in one conditional update, so two runs
    at once never both retry it. None if another run got there first."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.RETRY, next_attempt_at__lte=now
    ).update(
        status=Delivery.Status.SENDING,
        attempts=F("attempts") + 1,
        attempted_at=now,
        next_attempt_at=None,
    )
    if not claimed:
        return None
    delivery.refresh_from_db(fields=["status", "attempts", "attempted_at", "next_attempt_at"])
    return delivery


def issue_finished(issue: Issue) -> bool:
    """Everyone has been tried and nobody is being sent it or waiting to be tried again."""
    return (
        not Delivery.objects.filter(
            issue=issue, status__in=[Delivery.Status.SENDING, Delivery.Status.RETRY]
        ).exists()
        and not confirmed_recipients(issue).exists()
    )


def issue_send(*, issue: Issue, batch_size: int = 100, limit: int | None = None) -> SendReport:
    """Send a published issue to its newsletter's confirmed subscribers, in batches, and retry
    the deliveries whose passing problem is due to be tried again.

    Safe to run again after a crash, or twice at once: each delivery is claimed in the
    database before its e-mail goes out, and only deliveries recorded as a passing problem are
    ever tried again. A failure for one address is recorded and the others go on; after a
    problem the connection is made afresh. ``batch_size`` is how many e-mails go over one
    connection; ``limit`` stops after that many attempts (for tests and cautious runs).
    """
    report = SendReport(issue=issue)
    if not issue.is_public:
        return report
    report.interrupted = _mark_interrupted(issue)
    try:
        email = issue_email_for_sending(issue=issue)
    except IssueCannotBeSent as error:
        report.stopped = f"Not sent: {error}"
        logger.error("Issue %s was not sent: %s", issue.pk, error)
        return report
    started = timezone.now()
    sender = _Sender(report, email, per_connection=max(batch_size, 1))
    attempts = 0

    def room() -> int:
        return batch_size if limit is None else min(batch_size, limit - attempts)

    try:
        # First the retries that are due, then the people not yet tried.
        while (size := room()) > 0:
            due = list(
                Delivery.objects.filter(
                    issue=issue, status=Delivery.Status.RETRY, next_attempt_at__lte=started
                )
                .select_related("subscriber")
                .order_by("next_attempt_at", "pk")[:size]
            )
            if not due:
                break
            subscriptions = _subscriptions(issue, [d.subscriber for d in due])
            for waiting in due:
                if not sender.ready():
                    return report
                attempts += 1
                delivery = _claim_retry(waiting)
                if delivery is not None and not sender.deliver(
                    delivery, subscriptions.get(delivery.subscriber_id)
                ):
                    return report
        while (size := room()) > 0:
            batch = list(confirmed_recipients(issue)[:size])
            if not batch:
                break
            subscriptions = _subscriptions(issue, batch)
            for subscriber in batch:
                if not sender.ready():
                    return report
                attempts += 1
                delivery = _claim(issue, subscriber)
                if delivery is not None and not sender.deliver(
                    delivery, subscriptions.get(subscriber.pk)
                ):
                    return report
    finally:
        sender.close()
    if issue_finished(issue):
        issue.send_finished_at = timezone.now()
        issue.save(update_fields=["send_finished_at"])
        report.finished = True
    return report


def _subscriptions(issue: Issue, subscribers: list[Subscriber]) -> dict[int, Subscription]:
    """Each subscriber's active subscription to the issue's newsletter."""
    return {
        s.subscriber_id: s
        for s in Subscription.objects.active()
        .filter(newsletter_id=issue.newsletter_id, subscriber__in=subscribers)
        .select_related("subscriber")
    }


def newsletters_send_due(*, batch_size: int = 100) -> list[SendReport]:
    """Send every published issue that a coordinator marked for sending and that has not
    finished (including retries that are due). Run by ``manage.py send_newsletters`` (from
    cron)."""
    due = (
        Issue.objects.published()
        .filter(send_requested_at__isnull=False, send_finished_at__isnull=True)
        .select_related("newsletter")
        .order_by("send_requested_at")
    )
    return [issue_send(issue=issue, batch_size=batch_size) for issue in due]
