"""The admin's "Send to subscribers…" page shows the e-mail as text, never as markup of the
admin page: whatever an issue, a section or a reader's question says, nothing in it runs."""

import html
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from newsletters.models import Question
from newsletters.services.sending import issue_email
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '"><script>alert("x")</script><img src=x onerror=alert(1)>'


class PageReader(HTMLParser):
    """Every tag of the admin page, the text of its <pre>, and the iframe's srcdoc."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.pre, self.in_pre = [], "", False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.in_pre = self.in_pre or tag == "pre"

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_pre = False

    def handle_data(self, data):
        if self.in_pre:
            self.pre += data


@pytest.fixture
def hostile_issue(autumn):
    autumn.title = f"Autumn {PAYLOAD}"
    autumn.editors = PAYLOAD
    autumn.save()
    SectionFactory(issue=autumn, position=3, heading=PAYLOAD, author=PAYLOAD, body="<p>Hi</p>")
    Question.objects.create(
        newsletter=autumn.newsletter,
        question=PAYLOAD,
        answer=PAYLOAD,
        status=Question.Status.ANSWERED,
        published_in=autumn,
    )
    return autumn


def confirmation_page(client, issue):
    return client.post(
        reverse("admin:newsletters_issue_changelist"),
        {"action": "send_to_subscribers", "_selected_action": [issue.pk]},
    )


def test_nothing_from_the_issue_becomes_markup_of_the_admin_page(admin_client, hostile_issue):
    response = confirmation_page(admin_client, hostile_issue)
    assert response.status_code == 200
    page = PageReader()
    page.feed(response.content.decode())
    # Every script on the page is the admin's own file; no element has an event handler.
    assert [attrs for tag, attrs in page.tags if tag == "script" and "src" not in attrs] == []
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in page.tags)


def test_the_preview_frame_holds_the_whole_email_sandboxed(admin_client, hostile_issue):
    response = confirmation_page(admin_client, hostile_issue)
    page = PageReader()
    page.feed(response.content.decode())
    [frame] = [attrs for tag, attrs in page.tags if tag == "iframe"]
    assert frame["sandbox"] == ""
    email = issue_email(issue=hostile_issue, subscription=None)
    html_body = email.alternatives[0][0]
    # The frame gets the whole e-mail (until now the lang="en-GB" quotes cut it short).
    assert frame["srcdoc"] == html_body
    assert 'lang="en-GB"' in frame["srcdoc"]
    assert html.escape(PAYLOAD) in frame["srcdoc"]  # the e-mail itself escapes the payload
    # And the plain-text version is shown as text, exactly as it is sent.
    assert page.pre.strip() == email.body.strip()


def test_admin_pages_have_a_content_security_policy(admin_client, hostile_issue):
    response = confirmation_page(admin_client, hostile_issue)
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"][0] == "'self'"
    assert all(source.startswith("'sha256-") for source in directives["script-src"][1:])
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    change_form = admin_client.get(
        reverse("admin:newsletters_issue_change", args=[hostile_issue.pk])
    )
    assert change_form["Content-Security-Policy"] == policy
