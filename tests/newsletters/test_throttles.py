"""The public forms' throttles: per real visitor and per e-mail address, shared by every server
process, generous enough for a public meeting, and never the reason a submission is lost."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Question
from newsletters.views import SUBSCRIBE_LIMIT_PER_CLIENT
from oig_site.core.throttle import allow
from tests.html import text

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("newsletters:subscribe")
VENUE = "203.0.113.50"


def subscribe(client, newsletter, email, **extra):
    return client.post(
        SUBSCRIBE, {"email": email, "newsletters": [newsletter.pk], "source": "Meeting"}, **extra
    )


def ask(client, question, email="", **extra):
    url = reverse("newsletters:ask", args=["working-together"])
    return client.post(url, {"question": question, "email": email}, **extra)


def test_fifty_people_on_one_venues_wifi_can_all_subscribe_in_ten_minutes(client, working_together):
    start = timezone.now()
    for i in range(50):
        with mock.patch(
            "django.utils.timezone.now", return_value=start + timedelta(seconds=12 * i)
        ):
            response = subscribe(client, working_together, f"person{i}@example.org")
        assert response.status_code == 302, f"person {i} was turned away"
    assert len(mail.outbox) == 50


def test_one_address_is_still_limited_with_a_clear_page(client, working_together):
    for _ in range(3):
        assert subscribe(client, working_together, "same@example.org").status_code == 302
    response = subscribe(client, working_together, "Same@Example.org")
    assert response.status_code == 429
    assert "Please wait a while before trying again" in text(response)
    assert response["Retry-After"] == "3600"
    assert len(mail.outbox) == 3


def test_one_visitor_is_limited_but_others_behind_the_same_proxy_are_not(
    client, working_together, settings
):
    settings.TRUSTED_PROXIES = 1
    behind_proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for i in range(SUBSCRIBE_LIMIT_PER_CLIENT):
        response = subscribe(
            client,
            working_together,
            f"p{i}@example.org",
            HTTP_X_FORWARDED_FOR=VENUE,
            **behind_proxy,
        )
        assert response.status_code == 302
    over = subscribe(
        client, working_together, "one-more@example.org", HTTP_X_FORWARDED_FOR=VENUE, **behind_proxy
    )
    assert over.status_code == 429
    other = subscribe(
        client,
        working_together,
        "neighbour@example.org",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **behind_proxy,
    )
    assert other.status_code == 302


def test_the_limit_starts_again_in_the_next_hour(client, working_together):
    for _ in range(4):
        subscribe(client, working_together, "same@example.org")
    later = timezone.now() + timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert subscribe(client, working_together, "same@example.org").status_code == 302


def test_the_clock_striking_the_hour_does_not_start_the_count_again(client, working_together):
    before = timezone.now().replace(minute=59, second=0, microsecond=0)
    with mock.patch("django.utils.timezone.now", return_value=before):
        for _ in range(3):
            assert subscribe(client, working_together, "same@example.org").status_code == 302
    after = before + timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=after):
        assert subscribe(client, working_together, "same@example.org").status_code == 429


def test_a_meeting_can_send_many_questions_but_one_address_cannot_flood(client, working_together):
    for i in range(30):
        assert ask(client, f"Question {i}", email=f"reader{i}@example.org").status_code == 302
    for i in range(10):
        assert ask(client, f"Again {i}", email="keen@example.org").status_code == 302
    assert ask(client, "One too many", email="keen@example.org").status_code == 429
    assert Question.objects.count() == 40


@pytest.mark.django_db(transaction=True)
def test_every_server_process_shares_the_count():
    """A second database connection (as another gunicorn worker has) sees the same count."""
    for _ in range(3):
        assert allow(scope="test", key="shared@example.org", limit=3, window_seconds=3600)
    results = []

    def other_worker():
        try:
            results.append(
                allow(scope="test", key="shared@example.org", limit=3, window_seconds=3600)
            )
        finally:
            connections.close_all()

    worker = threading.Thread(target=other_worker)
    worker.start()
    worker.join()
    assert results == [False]


def test_a_broken_throttle_store_never_loses_a_question(client, working_together, caplog):
    with mock.patch(
        "oig_site.core.throttle.ThrottleCount.objects.filter", side_effect=OperationalError("down")
    ):
        response = ask(client, "Is it still kept?")
    assert response.status_code == 302
    assert Question.objects.get().question == "Is it still kept?"
    assert "could not be checked" in caplog.text


def test_a_broken_throttle_store_never_loses_a_subscription(client, working_together, caplog):
    with mock.patch(
        "oig_site.core.throttle.ThrottleCount.objects.filter", side_effect=OperationalError("down")
    ):
        response = subscribe(client, working_together, "kept@example.org")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "could not be checked" in caplog.text


def test_the_forms_work_when_the_cache_server_is_down(client, working_together, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.newsletters.backends.UnreachableCache"}}
    assert ask(client, "Cache down?").status_code == 302
    assert Question.objects.get().question == "Cache down?"
    assert subscribe(client, working_together, "cache@example.org").status_code == 302
    # Double opt-in: the subscription is stored when the e-mailed link is followed.
    assert [m.to for m in mail.outbox] == [["editors@example.org"], ["cache@example.org"]]
