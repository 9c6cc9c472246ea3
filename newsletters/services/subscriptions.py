"""Subscribing (double opt-in), confirming and unsubscribing, and the signed links that carry
them."""

import contextlib
import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Newsletter, Subscriber, Subscription
from oig_site.core.links import absolute_url
from oig_site.core.text import one_line

CONFIRM_SALT = "newsletters.subscribe.confirm"
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
CONFIRM_MAX_AGE = dt.timedelta(days=3)


def normalise_email(email: str) -> str:
    """One form per mailbox: lower case, and an international domain in its ASCII form
    (x@bücher.de and x@xn--bcher-kva.de are the same address)."""
    local, _, domain = email.strip().rpartition("@")
    with contextlib.suppress(UnicodeError):  # not a valid international name: keep it
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}".lower()


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
    subject = one_line(f"Please confirm your subscription: {settings.SITE_NAME}")
    context = {
        "subject": subject,
        "name": name.strip(),
        "newsletters": newsletters,
        "confirm_url": absolute_url(reverse("newsletters:confirm", args=[token])),
        "days": CONFIRM_MAX_AGE.days,
        "site_name": settings.SITE_NAME,
    }
    send_mail(
        subject=subject,
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


def unsubscribe_url(token: str) -> str:
    """The page a signed unsubscribe link opens, as an absolute address for e-mails."""
    return absolute_url(reverse("newsletters:unsubscribe", args=[token]))


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
