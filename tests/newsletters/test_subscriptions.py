"""Subscribing with double opt-in, confirming, unsubscribing: end to end through the outbox."""

import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Subscriber, Subscription
from newsletters.services.sending import issue_send
from newsletters.services.subscriptions import CONFIRM_MAX_AGE, unsubscribe_token
from newsletters.views import SUBSCRIBE_LIMIT_PER_CLIENT
from tests.factories import NewsletterFactory, SubscriberFactory
from tests.html import text

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("newsletters:subscribe")


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def subscribe(client, newsletter, email="Reader@Example.org", name="Sam", **extra):
    return client.post(
        SUBSCRIBE,
        {
            "email": email,
            "name": name,
            "newsletters": [newsletter.pk],
            "source": "Archive",
            **extra,
        },
    )


def link_in(message, name: str) -> str:
    return re.search(rf"http://\S+/newsletters/{name}/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def test_subscribe_confirm_receive_and_unsubscribe(client, working_together, autumn, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    response = subscribe(client, working_together)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletters:subscribe_check_email")
    assert not Subscriber.objects.exists()  # nothing kept until the address is confirmed

    [confirmation] = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    assert "Working Together" in confirmation.body
    confirm_url = path_of(link_in(confirmation, "confirm"))

    page = client.get(confirm_url)
    assert "reader@example.org" in text(page)
    assert not Subscriber.objects.exists()  # opening the link alone does not subscribe
    confirmed = client.post(confirm_url)
    assert "You are subscribed" in text(confirmed)
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.name, subscriber.consent_source) == (
        "reader@example.org",
        "Sam",
        "Archive",
    )
    assert subscriber.confirmed_at is not None

    autumn.send_requested_at = timezone.now()
    autumn.save()
    issue_send(issue=autumn)
    issue_email = mail.outbox[1]
    assert issue_email.to == ["reader@example.org"]
    assert issue_email.subject == "Working Together – Autumn 2020"
    unsubscribe_url = issue_email.extra_headers["List-Unsubscribe"].strip("<>")
    assert issue_email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page = client.get(path_of(unsubscribe_url))
    assert "Stop sending Working Together" in text(page)
    client.post(path_of(unsubscribe_url))
    subscription = Subscription.objects.get()
    assert subscription.unsubscribed_at is not None


def test_one_click_unsubscribe_from_a_mail_program(working_together):
    from django.test import Client

    subscription = Subscription.objects.create(
        subscriber=SubscriberFactory(), newsletter=working_together
    )
    url = reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscription)])
    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_unsubscribing_keeps_the_record_and_stops_the_mail(client, working_together, autumn):
    subscription = Subscription.objects.create(
        subscriber=SubscriberFactory(), newsletter=working_together
    )
    client.post(reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscription)]))
    assert Subscriber.objects.filter(pk=subscription.subscriber_id).exists()
    autumn.send_requested_at = timezone.now()
    autumn.save()
    report = issue_send(issue=autumn)
    assert (report.sent, mail.outbox) == (0, [])


def test_unsubscribing_twice_keeps_the_first_time(client, working_together):
    subscription = Subscription.objects.create(
        subscriber=SubscriberFactory(), newsletter=working_together
    )
    url = reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscription)])
    client.post(url)
    first = Subscription.objects.get().unsubscribed_at
    client.post(url)
    assert Subscription.objects.get().unsubscribed_at == first
    assert "already unsubscribed" in text(client.get(url))


def test_the_answer_is_the_same_whether_or_not_the_address_subscribes(client, working_together):
    SubscriberFactory(email="known@example.org")
    Subscription.objects.create(subscriber=Subscriber.objects.get(), newsletter=working_together)
    known = subscribe(client, working_together, email="known@example.org")
    unknown = subscribe(client, working_together, email="new@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("change", ["tamper", "truncate", "other-salt"])
def test_tampered_confirmation_links_get_a_clear_page(client, working_together, change):
    subscribe(client, working_together)
    token = re.search(r"/newsletters/confirm/(\S+)/", mail.outbox[0].body).group(1)
    if change == "tamper":
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    elif change == "truncate":
        token = token[:20]
    else:
        token = signing.dumps({"e": "x@example.org", "l": [working_together.pk]}, salt="other")
    url = reverse("newsletters:confirm", args=[token])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "This link does not work" in text(response)
    assert not Subscriber.objects.exists()


def test_expired_confirmation_link_gets_a_clear_page(client, working_together, monkeypatch):
    subscribe(client, working_together)
    token = re.search(r"/newsletters/confirm/(\S+)/", mail.outbox[0].body).group(1)
    later = timezone.now() + CONFIRM_MAX_AGE + timezone.timedelta(minutes=1)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    response = client.post(reverse("newsletters:confirm", args=[token]))
    assert response.status_code == 410
    assert "This link has expired" in text(response)
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("token", ["garbage", "a" * 300, "x:y:z"])
def test_bad_unsubscribe_links_get_a_clear_page(client, token):
    url = reverse("newsletters:unsubscribe", args=[token])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "The unsubscribe link may have been copied only in part" in text(response)


def test_unsubscribe_link_for_a_removed_subscription_gets_a_clear_page(client, working_together):
    subscription = Subscription.objects.create(
        subscriber=SubscriberFactory(), newsletter=working_together
    )
    token = unsubscribe_token(subscription)
    subscription.delete()
    assert client.get(reverse("newsletters:unsubscribe", args=[token])).status_code == 400


def test_confirming_twice_is_harmless(client, working_together):
    subscribe(client, working_together)
    url = path_of(link_in(mail.outbox[0], "confirm"))
    client.post(url)
    client.post(url)
    assert Subscription.objects.count() == 1


def test_resubscribing_after_unsubscribing_needs_a_new_confirmation(client, working_together):
    subscription = Subscription.objects.create(
        subscriber=SubscriberFactory(email="back@example.org"),
        newsletter=working_together,
        unsubscribed_at=timezone.now(),
    )
    subscribe(client, working_together, email="back@example.org")
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None  # not until they confirm
    client.post(path_of(link_in(mail.outbox[0], "confirm")))
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


def test_an_old_confirmation_link_does_not_undo_an_unsubscribe(client, working_together):
    subscribe(client, working_together, email="sam@example.org")
    link = path_of(link_in(mail.outbox[0], "confirm"))
    client.post(link)
    subscription = Subscription.objects.get()
    client.post(reverse("newsletters:unsubscribe", args=[unsubscribe_token(subscription)]))
    client.post(link)  # the same link, still within its 3 days
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_a_newer_request_after_unsubscribing_does_resubscribe(client, working_together):
    subscription = Subscription.objects.create(
        subscriber=SubscriberFactory(email="sam@example.org"),
        newsletter=working_together,
        unsubscribed_at=timezone.now() - dt.timedelta(days=1),
    )
    subscribe(client, working_together, email="sam@example.org")
    client.post(path_of(link_in(mail.outbox[0], "confirm")))
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


def test_form_errors_are_listed_and_linked_to_their_fields(client, working_together):
    response = client.post(SUBSCRIBE, {"email": "not an address", "newsletters": []})
    body = text(response)
    assert response.status_code == 400
    assert "There is a problem" in body
    assert '<a href="#id_email">Your e-mail address: Enter a valid e-mail address.</a>' in body
    assert 'href="#id_newsletters_0"' in body
    assert "Choose at least one newsletter." in body
    assert mail.outbox == []


def test_unknown_newsletter_choice_is_an_error_not_a_500(client, working_together):
    response = client.post(SUBSCRIBE, {"email": "a@example.org", "newsletters": ["999999", "x"]})
    assert response.status_code == 400


def test_an_address_too_long_to_store_is_refused_by_the_form(client, working_together):
    long_address = "a" * 250 + "@example.org"
    response = subscribe(client, working_together, email=long_address)
    assert response.status_code == 400
    assert mail.outbox == []


def test_an_international_domain_is_one_mailbox(client, working_together, autumn):
    for address in ["x@bücher.de", "X@xn--bcher-kva.de"]:
        subscribe(client, working_together, email=address)
    for message in list(mail.outbox):
        client.post(path_of(link_in(message, "confirm")))
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["x@xn--bcher-kva.de"]
    mail.outbox.clear()
    autumn.send_requested_at = timezone.now()
    autumn.save()
    issue_send(issue=autumn)
    assert len(mail.outbox) == 1


def test_repeated_attempts_for_one_address_are_throttled(client, working_together):
    for _ in range(3):
        assert subscribe(client, working_together, email="same@example.org").status_code == 302
    response = subscribe(client, working_together, email="same@example.org")
    assert response.status_code == 429
    assert "Please wait a while" in text(response)
    assert len(mail.outbox) == 3


def test_repeated_attempts_from_one_client_are_throttled(client, working_together):
    for i in range(SUBSCRIBE_LIMIT_PER_CLIENT):
        assert subscribe(client, working_together, email=f"p{i}@example.org").status_code == 302
    assert subscribe(client, working_together, email="one-more@example.org").status_code == 429


def test_subscribe_form_offers_only_newsletters_of_published_groups(client, working_together):
    NewsletterFactory(name="Secret newsletter", groups=[])
    body = text(client.get(SUBSCRIBE))
    assert "Working Together" in body
    assert "Secret newsletter" not in body
