"""Sending an issue by e-mail to its newsletter's confirmed subscribers: the e-mail itself,
marking an issue for sending, and the runs of ``send_newsletters`` that send it in batches and
retry passing problems."""

import contextlib
import datetime as dt
import logging
import secrets
import smtplib
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connections, transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Value
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from newsletters.models import Delivery, Issue, Subscriber, Subscription
from newsletters.services.subscriptions import unsubscribe_token, unsubscribe_url
from oig_site.core.links import absolute_url
from oig_site.core.mailmerge import MimeTemplate, html_with_short_lines
from oig_site.core.text import one_line

logger = logging.getLogger(__name__)

# A delivery still "being sent" after this long was interrupted (the process stopped between
# claiming it and finishing). It is not retried: it may have gone out already.
INTERRUPTED_AFTER = dt.timedelta(minutes=30)

# A batch of recipients is claimed (a delivery recorded for each, not yet tried) before any of
# it is sent. Claims of a run that died before trying them lapse after this long, and a later
# run sends them. A run that is merely slow never sends one whose claim lapsed: it checks its
# claim as it tries each e-mail.
CLAIM_LAPSES_AFTER = dt.timedelta(minutes=10)

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


class _IssueMessage(EmailMultiAlternatives):
    """An issue's e-mail to one person. Its MIME is copied from the send's template when it
    can be (``oig_site.core.mailmerge``: the same bytes Django would build, made in a fraction
    of the time), and is built once however often it is asked for (checked, then sent)."""

    _built = None
    template: MimeTemplate | None = None
    link = ""

    def message(self):
        if self._built is None:
            copy = self.template.copy(self, self.link) if self.template else None
            self._built = copy or super().message()
        return self._built


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
    # The MIME of the e-mail with the placeholder in, each recipient's copy made from it.
    mime: MimeTemplate | None = field(default=None, compare=False, repr=False)

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
        html_body = html_with_short_lines(render_to_string("newsletters/email/issue.html", context))
        if placeholder not in text_body or placeholder not in html_body:
            # A template that changed the link (with a filter, say) would send it to nobody.
            raise ValueError("the issue e-mail templates must show the unsubscribe link as is")
        email = cls(
            # Titles and names are validated to be one line; this is defence in depth.
            subject=one_line(f"{issue.newsletter.name} – {issue.title}"),
            text_body=text_body,
            html_body=html_body,
            list_id=one_line(f"{issue.newsletter.name} <{issue.newsletter.slug}.newsletters>"),
            placeholder=placeholder,
        )
        template = email._compose(placeholder, [f"{placeholder}@example.invalid"])
        return replace(email, mime=MimeTemplate(template, placeholder))

    def _compose(self, link: str, to: list[str]) -> _IssueMessage:
        message = _IssueMessage(
            subject=self.subject,
            body=self.text_body.replace(self.placeholder, link),
            to=to,
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

    def message(self, subscription: Subscription | None) -> EmailMultiAlternatives:
        """The e-mail for one subscription (its subscriber must be loaded with it), or the
        preview, without one. Makes no query."""
        link = unsubscribe_url(unsubscribe_token(subscription) if subscription else "preview")
        message = self._compose(link, [subscription.subscriber.email] if subscription else [])
        if subscription is not None:
            message.template, message.link = self.mime, link
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
    """One run's mail-server connection and the record of what it sent.

    The connection is opened when needed, and closed and opened afresh after a problem, so one
    dropped connection never fails everybody after it. Each e-mail costs one write to the
    database, made before it goes out: "being tried now", together with "sent" for the e-mail
    before it. So whenever the process stops, at most one delivery is in doubt (recorded as
    being sent), and every claimed one after it is known not to have been tried."""

    def __init__(self, report: SendReport, email: IssueEmail, per_connection: int):
        self.report = report
        self.email = email
        self.per_connection = per_connection
        self.connection = None
        self.sent_on_connection = 0
        self.problems_in_a_row = 0
        # The e-mail that went out last, and when, whose "sent" is not written yet.
        self.unrecorded: tuple[Delivery, dt.datetime] | None = None

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):
                self.connection.close()
        self.connection = None

    def ready(self) -> bool:
        """An open connection, or False (with the run stopped) if the server cannot be
        reached."""
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

    def flush(self) -> None:
        """Write "sent" for the last e-mail that went out, if it is not written yet."""
        if self.unrecorded is not None:
            delivery, sent_at = self.unrecorded
            self.unrecorded = None
            Delivery.objects.filter(pk=delivery.pk).update(**_sent(sent_at))

    def begin(self, delivery: Delivery) -> bool:
        """Record that a claimed, untried delivery is being tried now, if its claim still
        holds, with "sent" for the e-mail before it: one UPDATE. False if the claim lapsed
        (another run may have it now)."""
        now = timezone.now()
        untried = Q(pk=delivery.pk, status=Delivery.Status.SENDING, attempts=0)
        if self.unrecorded is None:
            return bool(Delivery.objects.filter(untried).update(attempts=1, attempted_at=now))
        sent, sent_at = self.unrecorded
        self.unrecorded = None
        # Written in SQL: this runs once per e-mail, and building the same UPDATE from ORM
        # expressions (a CASE per column) cost more processor time than the rest of sending.
        # Portable SQL (CASE, the same on PostgreSQL and SQLite), with the ORM's own names and
        # value conversions.
        connection = connections[Delivery.objects.db]
        quote = connection.ops.quote_name
        moment = connection.ops.adapt_datetimefield_value
        table, pk, status, attempts = (
            quote(name) for name in (Delivery._meta.db_table, "id", "status", "attempts")
        )
        error, next_try, finished, tried = (
            quote(Delivery._meta.get_field(name).column)
            for name in ("error", "next_attempt_at", "finished_at", "attempted_at")
        )
        sql = (
            f"UPDATE {table} SET "  # noqa: S608 - the model's own quoted names; values are parameters
            f"{status} = CASE WHEN {pk} = %s THEN %s ELSE {status} END, "
            f"{error} = CASE WHEN {pk} = %s THEN %s ELSE {error} END, "
            f"{next_try} = CASE WHEN {pk} = %s THEN NULL ELSE {next_try} END, "
            f"{finished} = CASE WHEN {pk} = %s THEN %s ELSE {finished} END, "
            f"{attempts} = CASE WHEN {pk} = %s THEN {attempts} ELSE 1 END, "
            f"{tried} = CASE WHEN {pk} = %s THEN {tried} ELSE %s END "
            f"WHERE {pk} = %s OR ({pk} = %s AND {status} = %s AND {attempts} = 0)"
        )
        params = [
            *(sent.pk, Delivery.Status.SENT),
            *(sent.pk, ""),
            sent.pk,
            *(sent.pk, moment(sent_at)),
            sent.pk,
            *(sent.pk, moment(now)),
            *(sent.pk, delivery.pk, Delivery.Status.SENDING),
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount == 2

    def deliver(
        self, delivery: Delivery, subscription: Subscription | None, *, untried: bool
    ) -> bool:
        """Send one claimed delivery and record the outcome. ``untried``: claimed by this run's
        batch and not tried yet (otherwise a retry, already marked as being tried). False if
        the run must stop."""
        if untried and not self.begin(delivery):
            logger.warning("Newsletter delivery %s was no longer this run's to send", delivery.pk)
            return True
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
        self.report.sent += 1
        self.unrecorded = (delivery, timezone.now())  # written with the next e-mail's start
        return True

    def _record(self, delivery: Delivery, status: str, error: str) -> bool:
        """Write an outcome other than "sent" at once."""
        delivery.status = status
        delivery.error = error[:2000]
        if status == Delivery.Status.RETRY:
            self.report.retry += 1
            delivery.finished_at = None
        else:
            delivery.next_attempt_at = None
            delivery.finished_at = timezone.now()
            self.report.failed += 1
        delivery.save(update_fields=["status", "error", "next_attempt_at", "finished_at"])
        return True


_NOT_SUBSCRIBED = "Not sent: they unsubscribed before it went out."


def _sent(sent_at: dt.datetime) -> dict:
    """The changes that record a delivery as sent."""
    return {
        "status": Value(Delivery.Status.SENT),
        "error": Value(""),
        "next_attempt_at": Value(None, output_field=DateTimeField()),
        "finished_at": Value(sent_at, output_field=DateTimeField()),
    }


def _describe(error: BaseException) -> str:
    return str(error)[:2000] or error.__class__.__name__


def _mark_interrupted(issue: Issue) -> int:
    """Release the claims that lapsed (their run died before trying them: they are sent as if
    never claimed), and record as interrupted the deliveries left being sent long ago (they may
    have gone out, so they are not sent again). How many were interrupted."""
    now = timezone.now()
    Delivery.objects.filter(
        issue=issue,
        status=Delivery.Status.SENDING,
        attempts=0,
        attempted_at__lt=now - CLAIM_LAPSES_AFTER,
    ).delete()
    return Delivery.objects.filter(
        issue=issue,
        status=Delivery.Status.SENDING,
        attempts__gt=0,
        attempted_at__lt=now - INTERRUPTED_AFTER,
    ).update(
        status=Delivery.Status.FAILED,
        finished_at=now,
        error="Interrupted while sending: it may or may not have arrived, so it was not sent "
        "again.",
    )


def _claim_batch(issue: Issue, size: int, after: int) -> list[tuple[Delivery, Subscription]] | None:
    """Claim up to ``size`` confirmed subscribers not yet tried (those after subscriber
    ``after``, in order) in one transaction: a delivery is recorded for each, not tried yet,
    so that no other run sends them the issue. Each with their subscription, subscriber
    loaded. None if another run claimed some of them at the same moment (try again)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            # One run claims at a time: a second run waits here for a moment, then sees the
            # first one's claims and takes the next subscribers.
            list(
                Issue.objects.select_for_update(no_key=True)
                .filter(pk=issue.pk)
                .order_by()
                .values("pk")
            )
            subscriptions = list(
                Subscription.objects.active()
                .filter(newsletter_id=issue.newsletter_id, subscriber_id__gt=after)
                .exclude(
                    Exists(
                        Delivery.objects.filter(issue=issue, subscriber=OuterRef("subscriber_id"))
                    )
                )
                .select_related("subscriber")
                .order_by("subscriber_id")[:size]
            )
            deliveries = Delivery.objects.bulk_create(
                Delivery(issue=issue, subscriber_id=s.subscriber_id, attempts=0, attempted_at=now)
                for s in subscriptions
            )
    except IntegrityError:
        return None
    return list(zip(deliveries, subscriptions, strict=True))


def _release(deliveries: list[Delivery]) -> None:
    """Give up claims this run will not try (it is stopping): the next run sends them."""
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], status=Delivery.Status.SENDING, attempts=0
    ).delete()


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

    Safe to run again after a crash, or twice at once: each batch of recipients is claimed in
    the database before any of its e-mails goes out, each e-mail is recorded as being tried
    before it goes out, and only deliveries recorded as a passing problem are ever tried
    again. A failure for one address is recorded and the others go on; after a problem the
    connection is made afresh. The issue is rendered once; the database is written once per
    e-mail and a few times per batch. ``batch_size`` is how many recipients are claimed at a
    time and how many e-mails go over one connection; ``limit`` stops after that many
    attempts (for tests and cautious runs).
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
    sender = _Sender(report, email, per_connection=max(batch_size, 1))
    batch_size = max(batch_size, 1)
    attempts = 0

    def room() -> int:
        return batch_size if limit is None else min(batch_size, limit - attempts)

    def retries(started: dt.datetime) -> bool:
        """The retries that are due; False if the run must stop."""
        nonlocal attempts
        while (size := room()) > 0:
            due = list(
                Delivery.objects.filter(
                    issue=issue, status=Delivery.Status.RETRY, next_attempt_at__lte=started
                )
                .select_related("subscriber")
                .order_by("next_attempt_at", "pk")[:size]
            )
            if not due:
                return True
            subscriptions = _subscriptions(issue, [d.subscriber for d in due])
            for waiting in due:
                if not sender.ready():
                    return False
                attempts += 1
                sender.flush()
                delivery = _claim_retry(waiting)
                if delivery is not None and not sender.deliver(
                    delivery, subscriptions.get(delivery.subscriber_id), untried=False
                ):
                    return False
        return True

    def new_recipients() -> None:
        """The people not yet tried, a batch at a time."""
        nonlocal attempts
        after = 0
        while (size := room()) > 0:
            if sender.connection is None and not sender.ready():
                return  # the server cannot be reached: nobody is claimed
            claimed = _claim_batch(issue, size, after)
            if claimed is None:
                continue  # another run claimed some of them: look again
            if not claimed:
                return
            after = claimed[-1][1].subscriber_id
            for index, (delivery, subscription) in enumerate(claimed):
                if not sender.ready():
                    _release([d for d, _ in claimed[index:]])
                    return
                attempts += 1
                if not sender.deliver(delivery, subscription, untried=True):
                    _release([d for d, _ in claimed[index + 1 :]])
                    return
            if len(claimed) < size:
                return  # that was everyone

    try:
        # First the retries that are due, then the people not yet tried.
        if retries(timezone.now()):
            new_recipients()
        sender.flush()
    finally:
        sender.close()
    if report.stopped:
        return report
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
