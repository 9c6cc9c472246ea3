"""Edge cases found in review: long and international addresses, old confirmation links,
private PDFs, section anchors, acronyms in escaped text, admin progress."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Delivery, Issue, Question, Section, Subscriber, Subscription
from newsletters.services.sending import issue_send
from newsletters.services.subscriptions import unsubscribe_token
from tests import pdfs
from tests.factories import IssueFactory, SectionFactory, SubscriberFactory
from tests.html import tags, text

pytestmark = pytest.mark.django_db
PDF = pdfs.clean_pdf()


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


def subscribe(client, newsletter, email):
    return client.post(
        reverse("newsletters:subscribe"),
        {"email": email, "newsletters": [newsletter.pk], "source": "Archive"},
    )


def confirm_path(message) -> str:
    return re.search(r"/newsletters/confirm/\S+/", message.body).group(0)


def test_an_address_too_long_to_store_is_refused_by_the_form(client, working_together):
    long_address = "a" * 250 + "@example.org"
    response = subscribe(client, working_together, long_address)
    assert response.status_code == 400
    assert mail.outbox == []


def test_an_international_domain_is_one_mailbox(client, working_together, autumn):
    for address in ["x@bücher.de", "X@xn--bcher-kva.de"]:
        subscribe(client, working_together, address)
    for message in list(mail.outbox):
        client.post(confirm_path(message))
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["x@xn--bcher-kva.de"]
    mail.outbox.clear()
    autumn.send_requested_at = timezone.now()
    autumn.save()
    issue_send(issue=autumn)
    assert len(mail.outbox) == 1


def test_an_old_confirmation_link_does_not_undo_an_unsubscribe(client, working_together):
    subscribe(client, working_together, "sam@example.org")
    link = confirm_path(mail.outbox[0])
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
    subscribe(client, working_together, "sam@example.org")
    client.post(confirm_path(mail.outbox[0]))
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None


def test_a_pdf_gets_a_random_name(working_together):
    issue = IssueFactory(newsletter=working_together, title="Winter 2021", status="draft")
    issue.pdf = SimpleUploadedFile("Winter 2021 print.pdf", PDF)
    issue.save()
    assert "winter" not in issue.pdf.name.lower()
    assert re.fullmatch(r"newsletters/[0-9a-f]{32}\.pdf", issue.pdf.name)


def test_section_anchors_are_unique_and_clear_of_the_pages_own_ids(client, working_together):
    issue = IssueFactory(newsletter=working_together)
    first = SectionFactory(issue=issue, heading="News")
    second = SectionFactory(issue=issue, heading="News")
    clash = SectionFactory(issue=issue, heading="Main content")
    glossary = SectionFactory(issue=issue, heading="x", anchor="glossary")
    assert [first.anchor, second.anchor] == ["news", "news-2"]
    assert clash.anchor == "section-main-content"
    assert glossary.anchor == "section-glossary"
    ids = [
        attrs["id"]
        for name in ("section", "h2", "main")
        for attrs in tags(client.get(issue.get_absolute_url()), name)
        if "id" in attrs
    ]
    assert len(ids) == len(set(ids))


def test_resaving_a_section_keeps_its_anchor(working_together):
    section = SectionFactory(issue=IssueFactory(newsletter=working_together), heading="News")
    section.body = "<p>Changed.</p>"
    section.save()
    assert Section.objects.get(pk=section.pk).anchor == "news"


def test_previous_and_next_with_the_same_date(client, working_together):
    day = dt.date(2021, 1, 1)
    first = IssueFactory(newsletter=working_together, title="First", issue_date=day)
    second = IssueFactory(newsletter=working_together, title="Second", issue_date=day)
    assert "Next issue: Second" in text(client.get(first.get_absolute_url()))
    assert "Previous issue: First" in text(client.get(second.get_absolute_url()))


def test_acronyms_with_ampersands_and_hyphens_are_marked(client, working_together):
    issue = IssueFactory(newsletter=working_together)
    SectionFactory(issue=issue, body="<p>Go to A&amp;E. An OCC-led plan. Use &amp; wisely.</p>")
    issue.glossary.create(term="A&E", meaning="Accident and Emergency")
    issue.glossary.create(term="OCC", meaning="Oxfordshire County Council")
    issue.glossary.create(term="amp", meaning="Amplifier")
    body = text(client.get(issue.get_absolute_url()))
    assert '<abbr title="Accident and Emergency">A&amp;E</abbr>.' in body
    assert '<abbr title="Oxfordshire County Council">OCC</abbr>-led' in body
    assert "Use &amp; wisely" in body


def test_the_email_carries_the_question_corner_and_absolute_links(
    autumn, working_together, settings
):
    settings.SITE_URL = "https://coproduction.example.org"
    Section.objects.filter(issue=autumn, position=1).update(
        body='<p>See <a href="/groups/">the groups</a>.</p><script>alert(1)</script>'
    )
    Question.objects.create(
        newsletter=working_together,
        question="How do we start?",
        answer="Start small.",
        status="answered",
        published_in=autumn,
    )
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    autumn.send_requested_at = timezone.now()
    autumn.save()
    issue_send(issue=autumn)
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert 'href="https://coproduction.example.org/groups/"' in html
    assert "the groups (https://coproduction.example.org/groups/)" in message.body
    assert "How do we start?" in html and "Start small." in html
    assert "Question: How do we start?\nAnswer: Start small." in message.body
    assert "<script" not in html and "alert(1)" not in html


def test_the_editors_can_reply_to_the_reader(client, working_together):
    client.post(
        reverse("newsletters:ask", args=["working-together"]),
        {"question": "Can I help?", "email": "reader@example.org"},
    )
    assert mail.outbox[0].reply_to == ["reader@example.org"]


def test_throttled_answer_says_when_to_retry(client, working_together):
    for _ in range(4):
        response = subscribe(client, working_together, "same@example.org")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"


def test_admin_progress_counts_the_subscribers_still_to_reach(
    admin_client, autumn, working_together, subscribers
):
    subscribers(5, working_together)
    autumn.send_requested_at = timezone.now()
    autumn.save()
    issue_send(issue=autumn, limit=2)
    body = text(admin_client.get(reverse("admin:newsletters_issue_changelist")))
    assert "Sending: 2 sent of 5, 0 will be retried, 0 failed" in body
    issue_send(issue=autumn)
    body = text(admin_client.get(reverse("admin:newsletters_issue_changelist")))
    assert "5 sent of 5" in body


def test_deliveries_cannot_be_deleted_in_the_admin(admin_client, autumn, working_together):
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    autumn.send_requested_at = timezone.now()
    autumn.save()
    issue_send(issue=autumn)
    delivery = Delivery.objects.get()
    response = admin_client.post(
        reverse("admin:newsletters_delivery_delete", args=[delivery.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Delivery.objects.filter(pk=delivery.pk).exists()


def test_latest_issue_on_home_and_group_pages_skips_drafts_and_scheduled(client, autumn, board):
    IssueFactory(
        newsletter=autumn.newsletter,
        title="Newer draft",
        issue_date=dt.date(2021, 1, 1),
        status="draft",
    )
    IssueFactory(
        newsletter=autumn.newsletter,
        title="Newer scheduled",
        issue_date=dt.date(2021, 2, 1),
        publish_at=timezone.now() + dt.timedelta(days=1),
    )
    for url in [reverse("home"), board.get_absolute_url()]:
        body = text(client.get(url))
        assert autumn.get_absolute_url() in body
        assert "Newer draft" not in body and "Newer scheduled" not in body
    assert Issue.objects.count() == 3
