"""Sending issues: each confirmed subscriber gets exactly one e-mail, whatever happens."""

import datetime as dt
import html
import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsletters.models import Delivery, Issue, Question, Section, Subscriber, Subscription
from newsletters.services.sending import issue_email, issue_send, newsletters_send_due
from oig_site.core.mailmerge import MimeCopy
from tests.factories import IssueFactory, NewsletterFactory, SectionFactory, SubscriberFactory
from tests.html import text
from tests.newsletters.backends import Crash, CrashingBackend, recipients
from tests.oig_site.test_mailmerge import same_apart_from_date_id_and_boundary

pytestmark = pytest.mark.django_db


def test_a_thousand_subscribers_each_get_exactly_one_email(marked, working_together, subscribers):
    people = subscribers(1000, working_together)
    report = issue_send(issue=marked, batch_size=100)
    assert (report.sent, report.failed, report.finished) == (1000, 0, True)
    counts = recipients()
    assert set(counts) == {person.email for person in people}
    assert set(counts.values()) == {1}
    assert Delivery.objects.filter(issue=marked, status="sent").count() == 1000


def test_the_email_is_multipart_with_web_link_and_unsubscribe_headers(
    marked, working_together, settings
):
    settings.SITE_URL = "https://coproduction.example.org"
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    issue_send(issue=marked)
    [message] = mail.outbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    web_url = "https://coproduction.example.org/newsletters/working-together/autumn-2020/"
    assert web_url in message.body and web_url in html
    assert "Reflections on Co-production Week" in message.body
    assert "<h2" in html and "Reflections on Co-production Week" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://coproduction.example.org/newsletters/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "unsubscribe" in message.body.lower()


def test_the_email_carries_the_question_corner_and_absolute_links(
    marked, working_together, settings
):
    settings.SITE_URL = "https://coproduction.example.org"
    Section.objects.filter(issue=marked, position=1).update(
        body='<p>See <a href="/groups/">the groups</a>.</p><script>alert(1)</script>'
    )
    Question.objects.create(
        newsletter=working_together,
        question="How do we start?",
        answer="Start small.",
        status="answered",
        published_in=marked,
    )
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    issue_send(issue=marked)
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert 'href="https://coproduction.example.org/groups/"' in html
    assert "the groups (https://coproduction.example.org/groups/)" in message.body
    assert "How do we start?" in html and "Start small." in html
    assert "Question: How do we start?\nAnswer: Start small." in message.body
    assert "<script" not in html and "alert(1)" not in html


def test_running_twice_sends_nothing_more(marked, working_together, subscribers):
    subscribers(20, working_together)
    issue_send(issue=marked)
    second = issue_send(issue=marked)
    assert second.sent == 0
    assert len(mail.outbox) == 20


def test_a_send_interrupted_half_way_resumes_without_duplicates(
    marked, working_together, subscribers, settings, clock
):
    people = subscribers(200, working_together)
    settings.EMAIL_BACKEND = "tests.newsletters.backends.CrashingBackend"
    CrashingBackend.crash_after = 100
    with pytest.raises(Crash):  # dies sending the 101st: the 11th of the fourth batch
        issue_send(issue=marked, batch_size=30)
    assert len(mail.outbox) == 100
    being_sent = Delivery.objects.filter(status="sending")
    assert being_sent.filter(attempts=1).count() == 1  # the one in doubt
    assert being_sent.filter(attempts=0).count() == 19  # the rest of its batch, never tried

    CrashingBackend.crash_after = 10_000
    resumed = issue_send(issue=marked, batch_size=30)
    assert resumed.sent == 80  # everyone the run that died had not claimed
    assert not resumed.finished

    # The dead run's claims lapse, and the next run sends the ones it never tried...
    clock.advance(minutes=11)
    later = issue_send(issue=marked, batch_size=30)
    assert (later.sent, later.interrupted, later.finished) == (19, 0, False)
    counts = recipients()
    assert set(counts.values()) == {1}
    assert len(counts) == 199  # everyone but the one whose fate is unknown

    # ...and later still the one in doubt is recorded as interrupted and is not sent again.
    clock.advance(minutes=30)
    final = issue_send(issue=marked)
    assert (final.sent, final.interrupted, final.finished) == (0, 1, True)
    interrupted = Delivery.objects.get(status="failed")
    assert "Interrupted" in interrupted.error
    assert interrupted.subscriber.email in {p.email for p in people} - set(counts)
    assert len(mail.outbox) == 199


def test_one_failing_address_is_recorded_and_the_others_still_go(
    marked, working_together, subscribers, settings
):
    subscribers(5, working_together)
    subscribers(1, working_together, prefix="bounce")
    subscribers(5, working_together, prefix="late")
    settings.EMAIL_BACKEND = "tests.newsletters.backends.RefusingBackend"
    report = issue_send(issue=marked, batch_size=4)
    assert (report.sent, report.failed, report.finished) == (10, 1, True)
    failed = Delivery.objects.get(status="failed")
    assert failed.subscriber.email == "bounce0@example.org"
    assert "No such user" in failed.error
    assert issue_send(issue=marked).sent == 0  # the failure is not retried into a duplicate


def test_only_confirmed_current_subscribers_of_that_newsletter_get_it(marked, working_together):
    Subscription.objects.create(
        subscriber=SubscriberFactory(email="yes@example.org"), newsletter=working_together
    )
    Subscription.objects.create(
        subscriber=SubscriberFactory(email="unconfirmed@example.org", confirmed_at=None),
        newsletter=working_together,
    )
    Subscription.objects.create(
        subscriber=SubscriberFactory(email="left@example.org"),
        newsletter=working_together,
        unsubscribed_at=timezone.now(),
    )
    Subscription.objects.create(
        subscriber=SubscriberFactory(email="other@example.org"), newsletter=NewsletterFactory()
    )
    issue_send(issue=marked)
    assert list(recipients()) == ["yes@example.org"]


@pytest.mark.parametrize(
    "change", [{"status": "draft"}, {"publish_at": timezone.now() + dt.timedelta(days=1)}]
)
def test_drafts_and_scheduled_issues_are_never_sent(working_together, change):
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    issue = IssueFactory(newsletter=working_together, send_requested_at=timezone.now(), **change)
    assert newsletters_send_due() == []
    assert issue_send(issue=issue).sent == 0
    assert mail.outbox == []


def test_send_newsletters_command_sends_marked_issues(
    marked, summer, working_together, subscribers
):
    subscribers(3, working_together)
    out = StringIO()
    call_command("send_newsletters", "--batch-size", "2", stdout=out)
    assert "Working Together: Autumn 2020: 3 sent, 0 failed (finished)." in out.getvalue()
    assert len(mail.outbox) == 3  # the summer issue was not marked
    marked.refresh_from_db()
    assert marked.send_finished_at is not None
    out = StringIO()
    call_command("send_newsletters", stdout=out)
    assert "No issues waiting to be sent." in out.getvalue()


# The admin


def test_admin_shows_the_count_and_a_preview_before_sending(
    admin_client, autumn, working_together, subscribers
):
    subscribers(7, working_together)
    changelist = reverse("admin:newsletters_issue_changelist")
    response = admin_client.post(
        changelist, {"action": "send_to_subscribers", "_selected_action": [autumn.pk]}
    )
    body = text(response)
    assert "7 confirmed subscribers" in body
    assert "Subject: <strong>Working Together – Autumn 2020</strong>" in body
    assert "srcdoc=" in body
    assert Issue.objects.get(pk=autumn.pk).send_requested_at is None

    response = admin_client.post(
        changelist,
        {"action": "send_to_subscribers", "_selected_action": [autumn.pk], "confirm": "yes"},
        follow=True,
    )
    assert "will be sent to its subscribers" in text(response)
    assert Issue.objects.get(pk=autumn.pk).send_requested_at is not None
    assert mail.outbox == []  # sending is the command's job

    newsletters_send_due()
    response = admin_client.get(changelist)
    assert "7 sent of 7" in text(response)


def test_admin_keeps_an_issue_unsent_while_nobody_has_subscribed(admin_client, autumn):
    """Sent to nobody, the issue would count as sent, and later subscribers never get it."""
    changelist = reverse("admin:newsletters_issue_changelist")
    chosen = {"action": "send_to_subscribers", "_selected_action": [autumn.pk]}
    for extra in ({}, {"confirm": "yes"}):
        body = text(admin_client.post(changelist, {**chosen, **extra}, follow=True))
        assert "Nobody has a confirmed subscription to" in body
        assert "Yes, send it" not in body
        assert "will be sent to its subscribers" not in body
        assert Issue.objects.get(pk=autumn.pk).send_requested_at is None


def test_admin_refuses_to_send_a_draft(admin_client, working_together):
    draft = IssueFactory(newsletter=working_together, status="draft")
    response = admin_client.post(
        reverse("admin:newsletters_issue_changelist"),
        {"action": "send_to_subscribers", "_selected_action": [draft.pk], "confirm": "yes"},
        follow=True,
    )
    assert "Only a published issue can be sent" in text(response)
    assert Issue.objects.get(pk=draft.pk).send_requested_at is None


def test_the_admin_counts_the_same_subscribers_an_issue_is_sent_to(
    admin_client, autumn, working_together, subscribers
):
    subscribers(2, working_together, prefix="confirmed")
    Subscription.objects.create(
        subscriber=SubscriberFactory(confirmed_at=None), newsletter=working_together
    )
    Subscription.objects.create(
        subscriber=SubscriberFactory(),
        newsletter=working_together,
        unsubscribed_at=timezone.now(),
    )
    newsletters = text(admin_client.get(reverse("admin:newsletters_newsletter_changelist")))
    assert '<td class="field-subscriber_count">2</td>' in newsletters
    confirmation = admin_client.post(
        reverse("admin:newsletters_issue_changelist"),
        {"action": "send_to_subscribers", "_selected_action": [autumn.pk]},
    )
    assert "2 confirmed subscribers" in text(confirmation)
    assert issue_send(issue=autumn).sent == 2


def test_admin_progress_shows_failures(
    admin_client, marked, working_together, subscribers, settings
):
    subscribers(2, working_together)
    subscribers(1, working_together, prefix="bounce")
    settings.EMAIL_BACKEND = "tests.newsletters.backends.RefusingBackend"
    issue_send(issue=marked)
    body = text(admin_client.get(reverse("admin:newsletters_issue_changelist")))
    assert "2 sent of 3, 0 will be retried, 1 failed" in body


def test_admin_progress_counts_the_subscribers_still_to_reach(
    admin_client, marked, working_together, subscribers
):
    subscribers(5, working_together)
    issue_send(issue=marked, limit=2)
    body = text(admin_client.get(reverse("admin:newsletters_issue_changelist")))
    assert "Sending: 2 sent of 5, 0 will be retried, 0 failed" in body
    issue_send(issue=marked)
    body = text(admin_client.get(reverse("admin:newsletters_issue_changelist")))
    assert "5 sent of 5" in body


def test_deliveries_cannot_be_deleted_in_the_admin(admin_client, marked, working_together):
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    issue_send(issue=marked)
    delivery = Delivery.objects.get()
    response = admin_client.post(
        reverse("admin:newsletters_delivery_delete", args=[delivery.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Delivery.objects.filter(pk=delivery.pk).exists()


def test_the_plain_text_part_reads_well(marked, working_together):
    SectionFactory(
        issue=marked,
        position=9,
        heading="Links and lists",
        body='<p>First paragraph.</p><p>Second with <a href="https://example.org/x">a link</a>.</p>'
        "<ul><li>One</li><li>Two &amp; three</li></ul>",
    )
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    issue_send(issue=marked)
    body = mail.outbox[0].body
    assert "First paragraph.\n\nSecond with a link (https://example.org/x)." in body
    assert "- One\n- Two & three" in body
    assert "<p>" not in body


# Each e-mail is made from one rendering of the issue


def unsubscribe_url_of(message) -> str:
    return message.extra_headers["List-Unsubscribe"].removeprefix("<").removesuffix(">")


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"])


def hrefs_in(html_body: str) -> list[str]:
    links = Links()
    links.feed(html_body)
    return links.hrefs


# Claiming a batch of recipients is one INSERT of all their deliveries. Each e-mail then costs
# one UPDATE, made before it goes out: "being tried now", together with "sent" for the e-mail
# before it. The last e-mail's "sent" is written once the batches are done.
DELIVERY_CLAIM = re.compile(r'^INSERT INTO "newsletters_delivery"')
DELIVERY_UPDATE = re.compile(r'^UPDATE "newsletters_delivery" SET ')


def test_sending_makes_one_query_per_recipient_and_a_few_per_batch(
    marked, working_together, subscribers
):
    """Everything about the issue (its sections, questions, newsletter) is read and rendered
    once per send, and the recipients are claimed a batch at a time. Each recipient costs
    exactly one query: the record of their delivery."""
    Question.objects.create(
        newsletter=working_together,
        question="When is the next meeting?",
        answer="In May.",
        status=Question.Status.ANSWERED,
        published_in=marked,
    )

    def send_to(n: int, batch_size: int) -> list[str]:
        Delivery.objects.all().delete()
        Subscriber.objects.all().delete()
        subscribers(n, working_together)
        issue = Issue.objects.get(pk=marked.pk)  # nothing read beforehand
        with CaptureQueriesContext(connection) as queries:
            report = issue_send(issue=issue, batch_size=batch_size)
        assert report.sent == n
        assert len(mail.outbox) == n
        assert "In May." in mail.outbox[-1].body
        mail.outbox.clear()
        return [query["sql"] for query in queries.captured_queries]

    def count(pattern, sql):
        return sum(bool(pattern.match(query)) for query in sql)

    few, many, batches = send_to(3, 100), send_to(30, 100), send_to(30, 10)
    assert (count(DELIVERY_CLAIM, few), count(DELIVERY_UPDATE, few)) == (1, 1 + 3 + 1)
    assert (count(DELIVERY_CLAIM, many), count(DELIVERY_UPDATE, many)) == (1, 1 + 30 + 1)
    assert (count(DELIVERY_CLAIM, batches), count(DELIVERY_UPDATE, batches)) == (3, 1 + 30 + 1)
    # 11 for the send: whether the issue is public; lapsed claims and interrupted deliveries
    # (a DELETE and an UPDATE); the issue's newsletter, sections and questions; the retries
    # due; the last "sent"; whether anyone is left (two) and marking the issue finished.
    # 5 per batch: a savepoint, locking the issue's row, reading the batch, claiming it (one
    # INSERT) and releasing the savepoint. And one per recipient.
    assert len(few) == 11 + 5 + 3
    assert len(many) == 11 + 5 + 30
    # Three full batches, then a look for more that finds nobody (4: nothing to INSERT).
    assert len(batches) == 11 + 3 * 5 + 4 + 30


def test_two_recipients_emails_differ_only_in_their_unsubscribe_links(
    client, marked, working_together, settings
):
    settings.SITE_URL = "https://coproduction.example.org"
    first, second = (
        Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
        for _ in range(2)
    )
    issue_send(issue=marked)
    mine, theirs = sorted(mail.outbox, key=lambda message: message.to[0])
    assert (mine.to, theirs.to) == ([first.subscriber.email], [second.subscriber.email])
    my_link, their_link = unsubscribe_url_of(mine), unsubscribe_url_of(theirs)
    assert my_link != their_link
    assert my_link.startswith("https://coproduction.example.org/newsletters/unsubscribe/")

    def without_link(message, link):
        html_body = message.alternatives[0][0]
        assert link in message.body and link in hrefs_in(html_body)
        headers = {**message.extra_headers, "List-Unsubscribe": "<LINK>"}
        return (
            message.subject,
            message.body.replace(link, "LINK"),
            html_body.replace(html.escape(link), "LINK"),
            message.alternatives[0][1],
            headers,
        )

    assert without_link(mine, my_link) == without_link(theirs, their_link)

    # Each link unsubscribes its own reader, and only them.
    client.post(my_link.removeprefix(settings.SITE_URL))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.unsubscribed_at is not None
    assert second.unsubscribed_at is None


def test_the_unsubscribe_link_in_the_html_part_is_the_headers_address(
    marked, working_together, settings
):
    settings.SITE_URL = "https://example.org/co&op"  # a character HTML must escape
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    issue_send(issue=marked)
    [message] = mail.outbox
    link = unsubscribe_url_of(message)
    assert link.startswith("https://example.org/co&op/newsletters/unsubscribe/")
    assert link in hrefs_in(message.alternatives[0][0])
    assert f"To stop getting it: {link}\n" in message.body


def test_each_email_matches_the_preview_apart_from_the_unsubscribe_link(marked, working_together):
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    preview = issue_email(issue=marked, subscription=None)
    issue_send(issue=marked)
    [message] = mail.outbox
    preview_link, link = unsubscribe_url_of(preview), unsubscribe_url_of(message)
    assert preview_link.endswith("/newsletters/unsubscribe/preview/")
    assert message.subject == preview.subject
    assert message.body == preview.body.replace(preview_link, link)
    assert message.alternatives == [
        (
            preview.alternatives[0][0].replace(html.escape(preview_link), html.escape(link)),
            "text/html",
        )
    ]


def test_an_issue_template_that_loses_the_unsubscribe_link_stops_the_send(
    marked, working_together, settings, tmp_path
):
    # A template that changes the link, as a filter would, must never send e-mails without it.
    (tmp_path / "newsletters" / "email").mkdir(parents=True)
    (tmp_path / "newsletters" / "email" / "issue.txt").write_text(
        "{{ issue.title }}\nTo stop getting it: {{ unsubscribe_url|upper }}\n"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    report = issue_send(issue=marked)
    assert report.stopped.startswith("Not sent: Its e-mail cannot be made")
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_each_email_is_copied_from_one_build_exactly_as_django_would_build_it(
    marked, working_together, settings
):
    settings.SITE_URL = "https://coproduction.example.org"
    # Rich text is stored on one line; this section's is longer than a line of mail may be.
    Section.objects.filter(issue=marked, position=1).update(
        body="".join(f"<p>Paragraph {n}: {'word ' * 40}</p>" for n in range(10))
    )
    Subscription.objects.create(subscriber=SubscriberFactory(), newsletter=working_together)
    issue_send(issue=marked)
    [message] = mail.outbox
    copy = message.message()  # what the mail backend sent
    assert isinstance(copy, MimeCopy)
    djangos = EmailMultiAlternatives.message(message).as_bytes(linesep="\r\n")
    assert same_apart_from_date_id_and_boundary(
        copy.as_bytes(linesep="\r\n")
    ) == same_apart_from_date_id_and_boundary(djangos)
