"""Writes with side effects for newsletters: subscribing (double opt-in), unsubscribing,
sending issues, and readers' questions. Views, admin actions and commands call these."""

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Delivery, Issue, Newsletter, Question, Subscriber, Subscription

logger = logging.getLogger(__name__)

CONFIRM_SALT = "newsletters.subscribe.confirm"
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
CONFIRM_MAX_AGE = dt.timedelta(days=3)
# A delivery still "being sent" after this long was interrupted (the process stopped between
# claiming it and finishing). It is not retried: it may have gone out already.
INTERRUPTED_AFTER = dt.timedelta(minutes=30)


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def normalise_email(email: str) -> str:
    """One form per mailbox: lower case, and an international domain in its ASCII form
    (x@bücher.de and x@xn--bcher-kva.de are the same address)."""
    local, _, domain = email.strip().rpartition("@")
    with contextlib.suppress(UnicodeError):  # not a valid international name: keep it
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}".lower()


# Subscribing


def subscription_request(
    *, email: str, name: str, newsletters: list[Newsletter], source: str
) -> None:
    """E-mail a confirmation link. Nothing is stored until the link is followed, so the answer
    to the form is the same whether or not the address is known."""
    email = normalise_email(email)
    token = signing.dumps(
        {
            "e": email,
            "n": name.strip(),
            "l": sorted(newsletter.pk for newsletter in newsletters),
            "s": source[:200],
            "t": timezone.now().isoformat(),
        },
        salt=CONFIRM_SALT,
        compress=True,
    )
    context = {
        "name": name.strip(),
        "newsletters": newsletters,
        "confirm_url": absolute_url(reverse("newsletters:confirm", args=[token])),
        "days": CONFIRM_MAX_AGE.days,
        "site_name": settings.SITE_NAME,
    }
    send_mail(
        subject=f"Please confirm your subscription: {settings.SITE_NAME}",
        message=render_to_string("newsletters/email/confirm.txt", context),
        html_message=render_to_string("newsletters/email/confirm.html", context),
        from_email=None,
        recipient_list=[email],
    )


def read_confirm_token(token: str) -> dict:
    """The request a confirmation link carries. Raises ``signing.SignatureExpired`` or
    ``signing.BadSignature``."""
    return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber:
    """Follow a confirmation link: the address subscribes to the newsletters it asked for.

    Confirming again is harmless. A newsletter unsubscribed from earlier is subscribed to again
    only because this new, signed request asked for it.
    """
    data = read_confirm_token(token)
    now = timezone.now()
    asked_at = dt.datetime.fromisoformat(data["t"])
    subscriber, created = Subscriber.objects.get_or_create(
        email=normalise_email(data["e"]),
        defaults={
            "name": data["n"],
            "consent_at": asked_at,
            "consent_source": data["s"],
            "confirmed_at": now,
        },
    )
    if not created and asked_at > subscriber.consent_at:
        subscriber.name = data["n"] or subscriber.name
        subscriber.consent_at = asked_at
        subscriber.consent_source = data["s"]
        subscriber.confirmed_at = subscriber.confirmed_at or now
        subscriber.save()
    for newsletter in Newsletter.objects.filter(pk__in=data["l"]):
        subscription, made = Subscription.objects.get_or_create(
            subscriber=subscriber, newsletter=newsletter, defaults={"subscribed_at": now}
        )
        # Only a request made after unsubscribing can subscribe again: an older link, still
        # within its 3 days, must not undo an unsubscribe.
        if not made and subscription.unsubscribed_at and asked_at > subscription.unsubscribed_at:
            subscription.unsubscribed_at = None
            subscription.subscribed_at = now
            subscription.save()
    return subscriber


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> Subscription:
    """Raises ``signing.BadSignature`` or ``Subscription.DoesNotExist``."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return Subscription.objects.select_related("newsletter", "subscriber").get(pk=data["s"])


def subscription_unsubscribe(*, token: str) -> Subscription:
    """Stop sending this newsletter to this address, keeping a record of when."""
    subscription = read_unsubscribe_token(token)
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


# Sending


def confirmed_recipients(issue: Issue):
    """Subscribers who should get this issue and have not been sent it (or tried)."""
    return (
        Subscriber.objects.filter(
            subscriptions__in=Subscription.objects.active().filter(newsletter=issue.newsletter)
        )
        .exclude(deliveries__issue=issue)
        .order_by("pk")
    )


def issue_email(*, issue: Issue, subscription: Subscription | None) -> EmailMultiAlternatives:
    """The e-mail of an issue, for one subscription (or a preview, without one)."""
    token = unsubscribe_token(subscription) if subscription else "preview"
    unsubscribe_url = absolute_url(reverse("newsletters:unsubscribe", args=[token]))
    context = {
        "issue": issue,
        "sections": list(issue.sections.all()),
        "questions": list(issue.published_questions()),
        "web_url": absolute_url(issue.get_absolute_url()),
        "unsubscribe_url": unsubscribe_url,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=f"{issue.newsletter.name} – {issue.title}",
        body=render_to_string("newsletters/email/issue.txt", context),
        to=[subscription.subscriber.email] if subscription else [],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{issue.newsletter.name} <{issue.newsletter.slug}.newsletters>",
        },
    )
    message.attach_alternative(
        render_to_string("newsletters/email/issue.html", context), "text/html"
    )
    return message


@transaction.atomic
def issue_mark_for_sending(*, issue: Issue, user: AbstractBaseUser | None) -> Issue:
    if not issue.is_public:
        raise ValueError("Only a published issue can be sent.")
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
    interrupted: int = 0
    finished: bool = False


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
            return Delivery.objects.create(issue=issue, subscriber=subscriber)
    except IntegrityError:
        return None


def issue_send(*, issue: Issue, batch_size: int = 100, limit: int | None = None) -> SendReport:
    """Send a published issue to its newsletter's confirmed subscribers, in batches.

    Safe to run again after a crash, or twice at once: each delivery is claimed in the
    database before its e-mail goes out. A failure for one address is recorded and the others
    go on. ``limit`` stops after that many attempts (for tests and cautious runs).
    """
    report = SendReport(issue=issue)
    if not issue.is_public:
        return report
    report.interrupted = _mark_interrupted(issue)
    attempts = 0
    while True:
        size = batch_size if limit is None else min(batch_size, limit - attempts)
        if size <= 0:
            return report
        batch = list(confirmed_recipients(issue)[:size])
        if not batch:
            break
        subscriptions = {
            s.subscriber_id: s
            for s in Subscription.objects.filter(
                newsletter=issue.newsletter, subscriber__in=batch
            ).select_related("subscriber", "newsletter")
        }
        connection = get_connection()
        try:
            connection.open()
            for subscriber in batch:
                attempts += 1
                delivery = _claim(issue, subscriber)
                if delivery is None:
                    continue
                try:
                    message = issue_email(issue=issue, subscription=subscriptions[subscriber.pk])
                    message.connection = connection
                    message.send()
                except Exception as error:  # noqa: BLE001 - one address failing must not stop the rest
                    logger.warning("Newsletter delivery %s failed: %s", delivery.pk, error)
                    delivery.status = Delivery.Status.FAILED
                    delivery.error = str(error)[:2000] or error.__class__.__name__
                    report.failed += 1
                else:
                    delivery.status = Delivery.Status.SENT
                    report.sent += 1
                delivery.finished_at = timezone.now()
                delivery.save(update_fields=["status", "error", "finished_at"])
        finally:
            connection.close()
    if not Delivery.objects.filter(issue=issue, status=Delivery.Status.SENDING).exists():
        issue.send_finished_at = timezone.now()
        issue.save(update_fields=["send_finished_at"])
        report.finished = True
    return report


def newsletters_send_due(*, batch_size: int = 100) -> list[SendReport]:
    """Send every published issue that a coordinator marked for sending and that has not
    finished. Run by ``manage.py send_newsletters`` (from cron)."""
    due = (
        Issue.objects.published()
        .filter(send_requested_at__isnull=False, send_finished_at__isnull=True)
        .select_related("newsletter")
        .order_by("send_requested_at")
    )
    return [issue_send(issue=issue, batch_size=batch_size) for issue in due]


# Readers' questions


def question_submit(*, newsletter: Newsletter, name: str, email: str, question: str) -> Question:
    """Store the question first (it is never lost), then tell the editors by e-mail."""
    stored = Question.objects.create(
        newsletter=newsletter, name=name.strip(), email=email.strip(), question=question.strip()
    )
    context = {
        "question": stored,
        "admin_url": absolute_url(reverse("admin:newsletters_question_change", args=[stored.pk])),
        "site_name": settings.SITE_NAME,
    }
    try:
        EmailMultiAlternatives(
            subject=f"New question for {newsletter.name}",
            body=render_to_string("newsletters/email/question.txt", context),
            to=[newsletter.notification_address],
            reply_to=[stored.email] if stored.email else None,
        ).send()
    except Exception:  # noqa: BLE001 - the question is stored; the editors see it in the admin
        logger.exception("Could not e-mail the editors about question %s", stored.pk)
    else:
        stored.editors_notified_at = timezone.now()
        stored.save(update_fields=["editors_notified_at"])
    return stored
