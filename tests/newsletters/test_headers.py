"""Nothing that becomes an e-mail header can hold a line break, and an issue whose e-mail
cannot be made is never sent."""

from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Delivery, Issue, Newsletter
from tests.html import form_data, text

pytestmark = pytest.mark.django_db

LINE_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\x85", "\x0b"]
BAD_SITE_URL = "https://coproduction.example.org\nBcc: everyone@example.org"


@pytest.mark.parametrize("line_break", LINE_BREAKS, ids=repr)
def test_an_issue_title_with_a_line_break_is_refused_in_the_admin(admin_client, autumn, line_break):
    url = reverse("admin:newsletters_issue_change", args=[autumn.pk])
    data = form_data(admin_client.get(url), "issue_form")
    data["title"] = f"Autumn{line_break}Bcc: everyone@example.org"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Write this on one line: remove the line breaks." in text(response)
    assert Issue.objects.get(pk=autumn.pk).title == "Autumn 2020"


@pytest.mark.parametrize("line_break", LINE_BREAKS, ids=repr)
def test_a_newsletter_name_with_a_line_break_is_refused_in_the_admin(
    admin_client, working_together, line_break
):
    url = reverse("admin:newsletters_newsletter_change", args=[working_together.pk])
    data = form_data(admin_client.get(url), "newsletter_form")
    data["name"] = f"Working{line_break}Together"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Write this on one line: remove the line breaks." in text(response)
    assert Newsletter.objects.get(pk=working_together.pk).name == "Working Together"


@pytest.mark.parametrize(
    ("model", "field"), [(Issue, "title"), (Newsletter, "name")], ids=["title", "name"]
)
def test_the_database_refuses_line_breaks_written_around_the_forms(autumn, model, field):
    for line_break in LINE_BREAKS:
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.update(**{field: f"One{line_break}Two"})


def test_the_send_action_refuses_an_issue_whose_email_cannot_be_made(
    admin_client, autumn, working_together, subscribers, settings
):
    subscribers(3, working_together)
    settings.SITE_URL = BAD_SITE_URL  # ends up in the List-Unsubscribe header
    changelist = reverse("admin:newsletters_issue_changelist")
    for extra in ({}, {"confirm": "yes"}):
        response = admin_client.post(
            changelist,
            {"action": "send_to_subscribers", "_selected_action": [autumn.pk], **extra},
            follow=True,
        )
        body = text(response)
        assert "cannot be sent" in body
        assert "would contain a line break" in body
        assert "srcdoc=" not in body  # no confirmation page
        assert Issue.objects.get(pk=autumn.pk).send_requested_at is None


def test_a_marked_issue_whose_email_cannot_be_made_is_not_sent_to_anyone(
    autumn, working_together, subscribers, settings
):
    subscribers(3, working_together)
    autumn.send_requested_at = timezone.now()
    autumn.save()
    settings.SITE_URL = BAD_SITE_URL
    out = StringIO()
    call_command("send_newsletters", stdout=out)
    assert "0 sent, 0 failed (not finished). Not sent: Its e-mail cannot be made" in out.getvalue()
    assert not Delivery.objects.exists()  # nobody's delivery is spent on it
    assert mail.outbox == []

    settings.SITE_URL = "https://coproduction.example.org"  # put right: it goes out
    call_command("send_newsletters", stdout=StringIO())
    assert len(mail.outbox) == 3


def test_subjects_are_built_on_one_line(client, working_together, settings):
    cache.clear()
    settings.SITE_NAME = "Co-production\nGroups"
    response = client.post(
        reverse("newsletters:subscribe"),
        {"email": "sam@example.org", "name": "Sam", "newsletters": [working_together.pk]},
    )
    assert response.status_code == 302
    [confirmation] = mail.outbox
    assert confirmation.subject == "Please confirm your subscription: Co-production Groups"
    cache.clear()
