"""Nobody can flood the administrators with error e-mails: requests for another host name are
logged in one line, and server errors are e-mailed at most once per kind of error and a few
times an hour."""

import io
import logging
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from oig_site import views
from oig_site.core.log import RateLimitedAdminEmailHandler, WithoutTraceback

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Admins", "webmaster@example.org")]
    [handler] = [
        h
        for h in logging.getLogger("django").handlers
        if isinstance(h, RateLimitedAdminEmailHandler)
    ]
    handler.reset()
    yield handler
    handler.reset()


@pytest.fixture
def host_log(monkeypatch):
    [handler] = [
        h
        for h in logging.getLogger("django.security.DisallowedHost").handlers
        if any(isinstance(f, WithoutTraceback) for f in h.filters)
    ]
    stream = io.StringIO()
    monkeypatch.setattr(handler, "stream", stream)
    return stream


def test_a_wrong_host_header_is_logged_in_one_line_and_never_emailed(admins, host_log):
    for n in range(20):
        response = Client().get(reverse("home"), HTTP_HOST=f"flood{n}.example")
        assert response.status_code == 400
    assert mail.outbox == []
    lines = host_log.getvalue().splitlines()
    assert len(lines) == 20
    assert "flood0.example" in lines[0]
    assert "Traceback" not in host_log.getvalue()


def broken(*args, **kwargs):
    raise RuntimeError("the page broke")


def test_the_same_server_error_is_emailed_once(admins, monkeypatch):
    monkeypatch.setattr(views.AboutCoproductionView, "get", broken)
    client = Client(raise_request_exception=False)
    for _ in range(30):
        assert client.get(reverse("about_coproduction")).status_code == 500
    assert len(mail.outbox) == 1
    assert "the page broke" in mail.outbox[0].body
    assert mail.outbox[0].to == ["webmaster@example.org"]


def test_error_emails_are_capped_an_hour_and_resume_after(admins):
    logger = logging.getLogger("django.request")
    now = 1000.0
    with mock.patch("oig_site.core.log.time.monotonic", side_effect=lambda: now):
        for n in range(30):
            logger.error(f"Different error number {n}", extra={"status_code": 500})
        # Different messages are different kinds of error: capped at the hourly limit.
        assert len(mail.outbox) == admins.limit
        now += 3601
        logger.error("Yet another error", extra={"status_code": 500})
    assert len(mail.outbox) == admins.limit + 1
    assert "more error e-mails were held back" in mail.outbox[-1].subject + mail.outbox[-1].body
